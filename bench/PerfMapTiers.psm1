# What the .NET JIT compiled during a pass (bench/Measure-PerfBreakdown.ps1), read from the runtime's perf map
# (/tmp/perf-PID.map, written with DOTNET_PerfMapEnabled=1): one line per method body compiled, appended as it is, ending
# in its tier ([QuickJitted], [OptimizedTier1], [OptimizedTier1OSR], [QuickJittedInstrumented], ...). The lines appended
# between two reads are the methods compiled in between: whether a warm server still compiles, and at which tier.
Set-StrictMode -Version 3

<# The number of lines of the perf maps of -ProcessIds (0 where a process has none): the mark a later read starts from. #>
function Get-PerfMapMark([int[]] $ProcessIds) {
    $mark = @{}
    foreach ($id in $ProcessIds) {
        $path = "/tmp/perf-$id.map"
        $mark[$id] = if (Test-Path $path) { [System.Linq.Enumerable]::Count([System.IO.File]::ReadLines($path)) } else { 0 }
    }
    $mark
}

<#
    The methods compiled since -Mark (Get-PerfMapMark): a line per tier (count) and the -Top method names compiled most
    often, as text. Stubs (the runtime's, named "stub ...") are counted apart: they are not the JIT's work.
#>
function Format-PerfMapCompilations([hashtable] $Mark, [int] $Top = 10) {
    $byTier = @{}; $byName = @{}; $stubs = 0; $total = 0
    foreach ($id in $Mark.Keys) {
        $path = "/tmp/perf-$id.map"
        if (-not (Test-Path $path)) { continue }
        foreach ($line in [System.Linq.Enumerable]::Skip([System.IO.File]::ReadLines($path), [int]$Mark[$id])) {
            $name = ($line -split ' ', 3)[2]
            if ($null -eq $name) { continue }
            if ($name.StartsWith('stub ') -or $name.StartsWith('stub<')) { $stubs++; continue }
            $tier = if ($name -match '\[([A-Za-z0-9-]+)\]$') { $Matches[1] } else { 'untiered' }
            $byTier[$tier] = 1 + $(if ($byTier.ContainsKey($tier)) { $byTier[$tier] } else { 0 })
            $method = ($name -replace '\[[A-Za-z0-9-]+\]$', '') -replace '^\[[^\]]+\] ', ''
            $method = "$method [$tier]"
            $byName[$method] = 1 + $(if ($byName.ContainsKey($method)) { $byName[$method] } else { 0 })
            $total++
        }
    }
    $tiers = @($byTier.Keys | Sort-Object { $byTier[$_] } -Descending | ForEach-Object { "$_ $($byTier[$_])" }) -join ', '
    "Methods the JIT compiled during the pass (perf map): $total$(if ($total) { " ($tiers)" }); runtime stubs $stubs"
    foreach ($name in @($byName.Keys | Sort-Object { $byName[$_] } -Descending | Select-Object -First $Top)) {
        $shown = if ($name.Length -gt 160) { $name.Substring(0, 157) + '...' } else { $name }
        "  $($byName[$name]) x $shown"
    }
}

Export-ModuleMember -Function Get-PerfMapMark, Format-PerfMapCompilations
