#!/usr/bin/env pwsh
<#
.SYNOPSIS
  Builds the native VST3 test host with CMake (-Wall -Wextra -Wpedantic -Werror) and runs its ctest unit checks.
  The host's runs against the real plugin bundle are part of tests/LocoformerVst.Vst3.Tests (dotnet test).
#>
[CmdletBinding()]
param(
    [string] $BuildDirectory = (Join-Path $PSScriptRoot 'build')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Invoke-Native([string] $Name, [string[]] $Arguments) {
    & $Name @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Name $($Arguments -join ' ') failed (exit $LASTEXITCODE)" }
}

Invoke-Native 'cmake' @('-S', $PSScriptRoot, '-B', $BuildDirectory, '-DCMAKE_BUILD_TYPE=Release')
Invoke-Native 'cmake' @('--build', $BuildDirectory, '-j', '2')
Invoke-Native 'ctest' @('--test-dir', $BuildDirectory, '--output-on-failure')
