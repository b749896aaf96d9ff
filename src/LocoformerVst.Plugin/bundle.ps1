#!/usr/bin/env pwsh
<#
.SYNOPSIS
  Publishes the product plugin with NativeAOT into a .vst3 bundle (build.ps1 bundle calls this).
.DESCRIPTION
  Linux:   <Output>/Contents/x86_64-linux/LocoformerVst.so + libonnxruntime.so, Contents/Resources/moduleinfo.json
           (written by the native host from the real binary when cmake is available), Contents/Resources/models/*.
  Windows: <Output>/Contents/x86_64-win/LocoformerVst.vst3 + onnxruntime.dll (untested).
  Models come from the repository's models/ folder (*.onnx + *.json); with none there the bundle has no models and the
  plugin passes audio through, reporting "No model found". Test models never go into this bundle.
#>
[CmdletBinding()]
param(
    [string] $Configuration = 'Release',
    [Parameter(Mandatory)] [string] $Output,
    [ValidateSet('none', 'cuda', 'directml')] [string] $Gpu = 'none',
    [string] $ModelSource = (Join-Path $PSScriptRoot '../../models')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$Output = [IO.Path]::GetFullPath($Output)
$leaf = Split-Path -Leaf $Output
if (-not $leaf.EndsWith('.vst3')) { throw "bundle: -Output must name a folder ending in .vst3; got '$Output'." }
$name = $leaf.Substring(0, $leaf.Length - 5)
$parent = Split-Path -Parent $Output
$rid = if ($IsWindows) { 'win-x64' } elseif ($IsLinux) { 'linux-x64' } else { throw 'bundle: only Linux and Windows are supported.' }

if (Test-Path $Output) { Remove-Item -Recurse -Force $Output }

$publishArgs = @(
    'publish', (Join-Path $PSScriptRoot 'LocoformerVst.Plugin.csproj'), '-c', $Configuration, '-r', $rid,
    '--artifacts-path', (Join-Path $Root 'artifacts/bundle-build'), "-p:Vst3BundleOutput=$parent",
    "-p:Vst3BundleName=$name", "-p:LocoformerGpu=$Gpu", "-p:LocoformerModelSource=$([IO.Path]::GetFullPath($ModelSource))", '--nologo')

if ($IsLinux -and (Get-Command cmake -ErrorAction SilentlyContinue)) {
    $hostBuild = Join-Path $Root 'artifacts/bundle-host'
    & cmake -S (Join-Path $Root 'native') -B $hostBuild -DCMAKE_BUILD_TYPE=Release | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'bundle: cmake configure of native/ failed' }
    & cmake --build $hostBuild --target vst3host -j 2 | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'bundle: building native/vst3host failed' }
    $publishArgs += "-p:Vst3HostPath=$(Join-Path $hostBuild 'vst3host')"
}

& dotnet @publishArgs
if ($LASTEXITCODE -ne 0) { throw "bundle: dotnet publish failed (exit $LASTEXITCODE)" }
Write-Host "bundle: $Output"
