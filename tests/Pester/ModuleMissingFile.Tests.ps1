# A module copy with a file missing (a half-finished copy, an antivirus quarantine) must fail to load with an error that
# names the file, in a session that goes on; it once crashed PowerShell with a stack overflow instead, the module's load
# context and the default context's Resolving handler handing the engine's load back to each other.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:moduleFolder = Split-Path $env:RASMFA_MODULE

    # Copies the module without one file of bin/net8.0/dependencies, then runs the command in a child pwsh over the copy.
    function Invoke-OverBrokenCopy([string] $MissingFile, [string] $Command) {
        $copy = Join-Path ([System.IO.Path]::GetTempPath()) ('rasmfa-broken-' + [guid]::NewGuid().ToString('N'))
        Copy-Item $moduleFolder $copy -Recurse
        $removed = Join-Path $copy "bin/net8.0/dependencies/$MissingFile"
        Remove-Item -LiteralPath $removed
        $database = New-TestDatabasePath
        $processPath = (Get-Process -Id $PID).Path
        [string[]] $prefix = if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
        $script = "`$env:RASMFA_DATABASE = '$database'; try { Import-Module '$(Join-Path $copy 'RasMfa.psd1')' -ErrorAction Stop; $Command; 'loaded' } catch { 'failed: ' + `$_.Exception.GetBaseException().Message }; 'session goes on'"
        $output = & $processPath @prefix -NoProfile -NonInteractive -Command $script 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String); Removed = $removed }
        Remove-Item $copy -Recurse -Force -ErrorAction SilentlyContinue
        Remove-Item (Split-Path $database) -Recurse -Force -ErrorAction SilentlyContinue
    }
}

Describe 'A module copy with a file missing' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    It 'without RasMfa.Engine.dll, Import-Module fails naming the file, and PowerShell does not crash' {
        $run = Invoke-OverBrokenCopy -MissingFile 'RasMfa.Engine.dll' -Command ''
        $run.ExitCode | Should -Be 0 -Because $run.Output.Substring(0, [Math]::Min(2000, $run.Output.Length))
        $run.Output | Should -Match 'failed: '
        $run.Output | Should -BeLike "*'$($run.Removed)' is missing*"
        $run.Output | Should -Match 'session goes on'
    }

    It 'without a dependency of the engine, the first cmdlet that needs it fails naming the file' {
        $run = Invoke-OverBrokenCopy -MissingFile 'Microsoft.Data.Sqlite.dll' -Command 'Get-RasMfaUser | Out-Null'
        $run.ExitCode | Should -Be 0 -Because $run.Output.Substring(0, [Math]::Min(2000, $run.Output.Length))
        $run.Output | Should -BeLike "*'$($run.Removed)' is missing*"
        $run.Output | Should -Match 'session goes on'
    }
}
