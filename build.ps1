#!/usr/bin/env pwsh
<#
.SYNOPSIS
  One entry point for building, testing, bundling and benchmarking LocoformerVst.
.DESCRIPTION
  Run as `dotnet pwsh ./build.ps1 <target>` after `dotnet tool restore`.
  Targets:
    build   compile the solution (Release)
    test    build, run every .NET test project, the model's pytest suite and the native host tests; prints a summary
    bundle  publish the NativeAOT plugin into artifacts/LocoformerVst.vst3
    bench   run the BenchmarkDotNet suites (Release)
.PARAMETER Gpu
  Optional ONNX Runtime GPU provider package to build with: none (default), cuda, directml. Tests never need one.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'bundle', 'bench')]
    [string] $Target = 'build',
    [ValidateSet('none', 'cuda', 'directml')]
    [string] $Gpu = 'none',
    [string] $Configuration = 'Release',
    # Extra arguments for the benchmark runner, e.g. --filter '*Fft*'.
    [string[]] $BenchArgs = @('--filter', '*')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = $PSScriptRoot
$Artifacts = Join-Path $Root 'artifacts'
$Solution = Join-Path $Root 'LocoformerVst.sln'
$BuildProps = @("-p:LocoformerGpu=$Gpu")

function Invoke-Step([string] $Name, [scriptblock] $Block) {
    Write-Host "==> $Name" -ForegroundColor Cyan
    & $Block
    if ($LASTEXITCODE -ne 0) { throw "$Name failed (exit $LASTEXITCODE)" }
}

function Get-Python {
    # Debian's interpreter sees python3-torch; the python3 first on PATH may be another install.
    if ($IsLinux -and (Test-Path '/usr/bin/python3')) { return '/usr/bin/python3' }
    return 'python3'
}

function Invoke-Build {
    Invoke-Step 'dotnet build' { dotnet build $Solution -c $Configuration --nologo -v minimal @BuildProps }
}

# Reads the counters of every TRX file written by `dotnet test` so that one summary line covers the whole suite.
function Get-TrxCounts([string] $Dir) {
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($trx in Get-ChildItem -Path $Dir -Filter '*.trx' -Recurse -ErrorAction SilentlyContinue) {
        [xml] $doc = Get-Content -LiteralPath $trx.FullName -Raw
        $c = $doc.TestRun.ResultSummary.Counters
        $passed += [int] $c.passed
        $failed += [int] $c.failed + [int] $c.error + [int] $c.timeout + [int] $c.aborted
        $skipped += [int] $c.notExecuted
    }
    return @{ Passed = $passed; Failed = $failed; Skipped = $skipped }
}

# Names the failed tests of every TRX file with the first line of each message, so the end of a CI log says what
# broke even when the log is cut to its tail.
function Write-TrxFailures([string] $Dir) {
    foreach ($trx in Get-ChildItem -Path $Dir -Filter '*.trx' -Recurse -ErrorAction SilentlyContinue) {
        [xml] $doc = Get-Content -LiteralPath $trx.FullName -Raw
        foreach ($result in $doc.TestRun.Results.UnitTestResult | Where-Object { $_.outcome -ne 'Passed' -and $_.outcome -ne 'NotExecuted' }) {
            $message = $result.SelectSingleNode("*[local-name()='Output']/*[local-name()='ErrorInfo']/*[local-name()='Message']")
            $first = if ($message) { ($message.InnerText -split "`n")[0].Trim() } else { '' }
            Write-Host "failed: $($result.testName): $first"
        }
    }
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $Artifacts 'test-results'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    New-Item -ItemType Directory -Force -Path $results | Out-Null
    $failures = @()

    foreach ($proj in Get-ChildItem -Path (Join-Path $Root 'tests') -Filter '*.Tests.csproj' -Recurse) {
        $name = $proj.BaseName
        Write-Host "==> dotnet test $name" -ForegroundColor Cyan
        dotnet test $proj.FullName -c $Configuration --no-build --nologo `
            --logger "trx;LogFileName=$name.trx" --logger 'console;verbosity=normal' --results-directory $results
        if ($LASTEXITCODE -ne 0) { $failures += $name }
    }

    $counts = Get-TrxCounts $results
    $pyPassed = 0; $pyFailed = 0
    $training = Join-Path $Root 'models/training'
    if (Test-Path (Join-Path $training 'tests')) {
        Write-Host '==> pytest models/training' -ForegroundColor Cyan
        $py = Get-Python
        $junit = Join-Path $results 'pytest.xml'
        & $py -m pytest (Join-Path $training 'tests') -q --junitxml $junit
        if ($LASTEXITCODE -ne 0) { $failures += 'pytest' }
        if (Test-Path $junit) {
            [xml] $j = Get-Content -LiteralPath $junit -Raw
            $suite = $j.SelectSingleNode('//testsuite')
            $pyFailed = [int] $suite.failures + [int] $suite.errors
            $pyPassed = [int] $suite.tests - $pyFailed - [int] $suite.skipped
        }
    }

    $nativeTests = Join-Path $Root 'native/run-tests.ps1'
    if (Test-Path $nativeTests) {
        Invoke-Step 'native host tests' { & $nativeTests }
    }

    $p = $counts.Passed + $pyPassed
    $f = $counts.Failed + $pyFailed
    Write-Host ''
    Write-TrxFailures $results
    Write-Host "total: $p passed, $f failed, $($counts.Skipped) skipped"
    if ($failures.Count -gt 0) { throw "test failures in: $($failures -join ', ')" }
}

function Invoke-Bundle {
    $plugin = Join-Path $Root 'src/LocoformerVst.Plugin/LocoformerVst.Plugin.csproj'
    if (-not (Test-Path $plugin)) { throw 'bundle: src/LocoformerVst.Plugin does not exist yet (see the VST3 plugin issue).' }
    $bundleScript = Join-Path $Root 'src/LocoformerVst.Plugin/bundle.ps1'
    Invoke-Step 'bundle' { & $bundleScript -Configuration $Configuration -Output (Join-Path $Artifacts 'LocoformerVst.vst3') -Gpu $Gpu }
}

function Invoke-Bench {
    $bench = Join-Path $Root 'tests/LocoformerVst.Benchmarks/LocoformerVst.Benchmarks.csproj'
    Invoke-Step 'benchmarks' { dotnet run -c Release --project $bench @BuildProps -- @BenchArgs }
    Invoke-Step 'streaming soak (one hour of audio)' { dotnet run -c Release --project $bench @BuildProps -- soak 60 }
}

switch ($Target) {
    'build' { Invoke-Build }
    'test' { Invoke-Test }
    'bundle' { Invoke-Bundle }
    'bench' { Invoke-Bench }
}
