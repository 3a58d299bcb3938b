#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests, benchmarks, packages and demonstrates DbScoring.
.DESCRIPTION
    Run with the repository's local PowerShell:  dotnet tool restore; dotnet pwsh ./build.ps1 <target>
    Prints every command it runs and stops at the first failure with a non-zero exit code.
.PARAMETER Target
    build    compile everything (Release)
    test     run every test suite; prints "N passed, N failed, N skipped"
    bench    quick benchmark: DbScoring runtime vs ML.NET (and ONNX Runtime), a few minutes
    demo     the end-to-end demo on the embedded SQLite store
    package  generate artifacts/DbScoring.Install.sql (the one-file SQL Server installer)
    pack     build the dbscoring .NET tool package into artifacts/packages (with the loadable SQLite extension)
.PARAMETER Configuration
    Release (default) or Debug.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'bench', 'demo', 'package', 'pack')]
    [string] $Target = 'build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # Extra arguments passed to the demo or benchmark program.
    [Parameter(ValueFromRemainingArguments = $true)]
    [string[]] $Rest = @()
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$artifacts = Join-Path $root 'artifacts'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'

function Invoke-Step([string] $command, [string[]] $arguments) {
    Write-Host "> $command $($arguments -join ' ')" -ForegroundColor Cyan
    & $command @arguments
    if ($LASTEXITCODE -ne 0) {
        Write-Host "FAILED ($LASTEXITCODE): $command $($arguments -join ' ')" -ForegroundColor Red
        exit $LASTEXITCODE
    }
}

function Test-Mono {
    return [bool](Get-Command mono -ErrorAction SilentlyContinue)
}

function Write-TestSummary([string] $resultsDir) {
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($file in Get-ChildItem -Path $resultsDir -Filter *.trx -Recurse) {
        [xml] $trx = Get-Content -Raw -LiteralPath $file.FullName  # names can hold [1], which -Path would read as a wildcard
        $counters = $trx.TestRun.ResultSummary.Counters
        $passed += [int] $counters.passed
        $failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
        $skipped += [int] $counters.total - [int] $counters.executed  # xunit skips are "not executed"
    }
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    return $failed
}

switch ($Target) {
    'build' {
        Invoke-Step dotnet @('build', "$root/DbScoring.sln", '-c', $Configuration, '-m:1')
    }
    'test' {
        $results = Join-Path $artifacts 'test-results'
        if (Test-Path $results) { Remove-Item -Recurse -Force $results }
        Invoke-Step dotnet @('build', "$root/DbScoring.sln", '-c', $Configuration, '-m:1')
        $arguments = @('test', "$root/DbScoring.sln", '-c', $Configuration, '--no-build', '--logger', 'trx', '--results-directory', $results)
        if (-not (Test-Mono)) {
            # net48 tests need Mono on Linux; without it they would hang and fail, so only net10.0 runs.
            Write-Host "Mono is not installed: the net48 (SQL CLR) runtime tests are skipped. Install it with: apt-get install -y mono-devel" -ForegroundColor Yellow
            $arguments += @('--framework', 'net10.0')
        }
        Write-Host "> dotnet $($arguments -join ' ')" -ForegroundColor Cyan
        & dotnet @arguments
        $testExit = $LASTEXITCODE
        $failed = Write-TestSummary $results
        if ($testExit -ne 0 -or $failed -gt 0) { exit 1 }
    }
    'bench' {
        Invoke-Step dotnet @(@('run', '--project', "$root/tests/DbScoring.Benchmarks", '-c', 'Release', '--', '--quick') + $Rest)
    }
    'demo' {
        Invoke-Step dotnet @(@('run', '--project', "$root/src/DbScoring.Cli", '-c', $Configuration, '--', 'demo') + $Rest)
    }
    'package' {
        Invoke-Step dotnet @('run', '--project', "$root/tools/DbScoring.InstallerBuilder", '-c', 'Release', '--', '--output', (Join-Path $artifacts 'DbScoring.Install.sql'))
    }
    'pack' {
        Invoke-Step dotnet @('pack', "$root/src/DbScoring.Cli", '-c', 'Release', '-o', (Join-Path $artifacts 'packages'))
    }
}
