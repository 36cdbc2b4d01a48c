# What a process spends besides CPU, per request, for the issue 16 measurements: its context switches (every thread's, from
# /proc) and, where perf runs, its sched_yield calls (the thread pool's and the runtime's spinning).
Set-StrictMode -Version 3

function Get-ProcessCounters([int] $Id) {
    $fields = ((Get-Content "/proc/$Id/stat" -Raw) -replace '^.*\) ', '') -split ' '
    $switches = 0
    foreach ($task in Get-ChildItem "/proc/$Id/task" -ErrorAction SilentlyContinue) {
        foreach ($line in Get-Content "$($task.FullName)/status" -ErrorAction SilentlyContinue) {
            if ($line -match '^(voluntary|nonvoluntary)_ctxt_switches:\s+(\d+)') { $switches += [long]$Matches[2] }
        }
    }
    # utime + stime (fields 14 and 15 of stat), in clock ticks of 10 ms.
    @{ CpuSeconds = ([double]$fields[11] + [double]$fields[12]) / 100; Switches = $switches }
}

<#
    Runs -Action while counting process -Id's CPU, context switches and sched_yield calls; returns them divided by the
    number -Action returns (the requests answered), with -Action's result.
#>
function Measure-PerRequest([int] $Id, [scriptblock] $Action, [string] $Scratch) {
    $perfPath = (Get-Command perf -ErrorAction SilentlyContinue)?.Source
    $perf = $null
    if ($perfPath) {
        $perf = Start-Process $perfPath -ArgumentList @('stat', '-x', ',', '-o', "$Scratch/perf-$Id.txt", '-e', 'syscalls:sys_enter_sched_yield', '-p', $Id) -PassThru
        Start-Sleep -Milliseconds 300
    }
    $before = Get-ProcessCounters $Id
    $result = & $Action
    $after = Get-ProcessCounters $Id
    $yields = [double]::NaN
    if ($perf) {
        & kill -INT $perf.Id; $perf.WaitForExit()
        $line = Get-Content "$Scratch/perf-$Id.txt" | Where-Object { $_ -like '*sched_yield*' } | Select-Object -First 1
        if ($line -and $line -match '^\d') { $yields = [double](($line -split ',')[0]) }
    }
    $answered = [Math]::Max(1, $result.answered)
    [pscustomobject]@{
        Result = $result; PerSecond = $result.answeredPerSecond
        Cpu = ($after.CpuSeconds - $before.CpuSeconds) * 1e6 / $answered
        Switches = ($after.Switches - $before.Switches) / $answered; Yields = $yields / $answered
    }
}

function Get-Median([double[]] $Values) { $sorted = @($Values | Sort-Object); $sorted[[int][Math]::Floor(($sorted.Count - 1) / 2)] }

Export-ModuleMember -Function Get-ProcessCounters, Measure-PerRequest, Get-Median
