<#
.SYNOPSIS
    Where a login's CPU goes (issue 16): perf samples of a warm RasMfa server during a measured pass, by area, the top
    symbols, and the CPU per login; SQLite or PostgreSQL, code only and two rounds.
.DESCRIPTION
    For each -Store, enrols -Users users with TOTP secrets (bench/BenchmarkListeners.psm1, through the cmdlets) and starts
    one RasMfa listener of this build (Start-RasMfaRadiusServer in a PowerShell process of its own, default settings:
    replay protection, an audit record per decision); with -ServiceHost, this build's service host (its own runtimeconfig:
    Server GC, DATAS) on that store is the server measured instead. PostgreSQL: a throwaway cluster this script starts
    (tools/PostgreSqlCluster.psm1), whose processes are measured with the server's.
    The server is started with DOTNET_PerfMapEnabled=1 (JIT-compiled methods named in /tmp/perf-PID.map) and
    DOTNET_EnableWriteXorExecute=0 (with W^X on, perf sees JIT code as memfd:doublemapper and cannot name it; W^X off
    makes the runtime slightly cheaper, so absolute figures here are a little below the benchmarks').
    For each -Flow, -WarmUpPasses full untimed warm-up passes over every user (the JIT compiles during them), then, in a later TOTP step
    (a code is good once), the measured pass, during which `perf record -a -g -F -Frequency` samples both cores, of which
    the samples of the server's process tree (and the cluster's) are read:
      Code       FreeRADIUS's radclient -p -Parallel, one code-only Access-Request per user, Message-Authenticator in every
                 request and required (bench/RadclientPass.psm1, as bench/Measure-RadclientLoad.ps1 sends them);
      TwoRounds  our generator (bench/RasMfa.LoadGen, --flow challenge, -InFlight outstanding): the user name first, the
                 code with the State of the Access-Challenge second. radclient cannot answer a challenge without
                 scripting: two rounds are by our generator only, its figures not comparable to radclient's.
    Prints, per pass: the methods the JIT compiled during it (the perf map's lines appended, by tier), the CPU per accepted login (user + system time of the server's process tree, and the cluster's, from
    /proc over the pass; perf's own cost on the sampled process is in it), the share of samples by area (see
    Get-SampleArea: DSO and namespace prefix) with that share of the CPU per login, and the top -Top leaf symbols.
    Shares are robust to a loaded machine; absolute microseconds are not: the load average is printed with them.
    perf: /usr/bin/perf. As root, perf needs no sysctl; kernel.kptr_restrict is set to 0 for the run when it is not (kernel
    symbols; printed, restored at the end). Not as root: perf_event_paranoid must allow it; kernel frames may be missing.
    Loopback only; the servers, perf and the cluster are stopped at the end, on Ctrl+C or on failure; the perf data and
    maps are deleted unless -KeepPerfData names a folder to keep them in.
.EXAMPLE
    dotnet pwsh ./bench/Measure-PerfBreakdown.ps1
.EXAMPLE
    dotnet pwsh ./bench/Measure-PerfBreakdown.ps1 -Store Sqlite,PostgreSql -Flow Code,TwoRounds
.EXAMPLE
    dotnet pwsh ./bench/Measure-PerfBreakdown.ps1 -Flow Code -WarmUpPasses 3
.EXAMPLE
    dotnet pwsh ./bench/Measure-PerfBreakdown.ps1 -Store PostgreSql -ServiceHost -Flow Code -KeepPerfData /tmp/profile
#>
param(
    [ValidateRange(100, 50000)] [int] $Users = 20000,
    # Sqlite, PostgreSql; Code, TwoRounds (comma-separated in one argument too, as pwsh -File passes them).
    [string[]] $Store = @('Sqlite'),
    [string[]] $Flow = @('Code', 'TwoRounds'),
    [switch] $ServiceHost,
    [ValidateRange(1, 1024)] [int] $Parallel = 256,
    [ValidateRange(1, 1600)] [int] $InFlight = 64,
    # Untimed passes over every user before the measured one (each in a TOTP step of its own): a service runs warm for days.
    [ValidateRange(0, 20)] [int] $WarmUpPasses = 1,
    [ValidateRange(0.5, 30)] [double] $TimeoutSeconds = 2,
    [ValidateRange(99, 9999)] [int] $Frequency = 999,
    [ValidateRange(5, 200)] [int] $Top = 25,
    [string] $KeepPerfData,
    # Only classifies a kept pass again (the .perf.data.txt -KeepPerfData keeps: perf script's output, symbols resolved)
    # and prints its areas and top symbols, without the CPU per login: for changing the rules of Get-SampleArea.
    [string] $Reclassify,
    # Measures the module already built (out/RasMfa) without running build.ps1 Build first.
    [switch] $NoBuild
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
$Store = @($Store -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
$Flow = @($Flow -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
foreach ($kind in $Store) { if ($kind -notin 'Sqlite', 'PostgreSql') { throw "-Store takes Sqlite and PostgreSql, not '$kind'." } }
foreach ($name in $Flow) { if ($name -notin 'Code', 'TwoRounds') { throw "-Flow takes Code and TwoRounds, not '$name'." } }
$perfPath = '/usr/bin/perf'
foreach ($tool in 'radclient', $perfPath) { if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { throw "$tool is not installed (Debian: freeradius-utils, linux-perf)." } }
Import-Module (Join-Path $PSScriptRoot 'BenchmarkHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchmarkListeners.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'RadclientPass.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'PerfMapTiers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot '../tools/PostgreSqlCluster.psm1') -Force
$root = Split-Path $PSScriptRoot -Parent
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-perf-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
if (-not $IsWindows) { & chmod 700 $work }
$processes = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
$profiledIds = [System.Collections.Generic.HashSet[int]]::new()
$cluster = $null; $restoreKptr = $null; $exitCode = 1
$secretText = 'perf-shared-secret-0123456789'
$profilingEnvironment = @{ DOTNET_PerfMapEnabled = '1'; DOTNET_EnableWriteXorExecute = '0' }

$script:Areas = [ordered]@{
    KernelNet = 'kernel networking'; KernelFile = 'kernel file I/O (page cache reads, writes, fsync)'; KernelOther = 'kernel other'; SqliteNative = 'SQLite native (libe_sqlite3)'
    Provider = 'store provider, managed (Microsoft.Data.Sqlite / Npgsql)'; PostgreSql = 'PostgreSQL server processes, user space'
    PostgreSqlKernel = 'PostgreSQL server processes, kernel'
    Codec = 'our codec and receive loop (RasMfa.Engine.Radius)'; Crypto = 'OTP/crypto (libcrypto, Tokens, Security)'
    Login = 'login logic (Mfa, Users, Clients, Audit)'; Storage = 'store code (Storage)'; Logging = 'logging'
    Sockets = 'sockets, managed (System.Net)'; Scheduling = 'thread pool/scheduling (incl. futex, yield)'; Gc = 'GC (GC threads)'
    Jit = 'JIT'; Runtime = 'runtime native (libcoreclr: allocation, GC on the allocating thread, stubs)'; RasMfa = 'other RasMfa code'
    NativeUnknown = 'libc and other native code, caller not unwound'; Other = 'other'
}
# Managed namespace (or ReadyToRun assembly) prefixes, the first that matches a frame deciding; frames of other namespaces
# (the BCL's collections, strings, spans; PowerShell) are passed over to their callers.
$script:NamespaceAreas = @(
    @('RasMfa.Engine.Radius', 'Codec'), @('RasMfa.Engine.Tokens', 'Crypto'), @('RasMfa.Engine.Security', 'Crypto'), @('System.Security.Cryptography', 'Crypto')
    @('RasMfa.Engine.Mfa', 'Login'), @('RasMfa.Engine.Users', 'Login'), @('RasMfa.Engine.Clients', 'Login'), @('RasMfa.Engine.BypassCodes', 'Login')
    @('RasMfa.Engine.FirstFactors', 'Login'), @('RasMfa.Engine.Audit', 'Login'), @('RasMfa.Engine.Configuration', 'Login')
    @('RasMfa.Engine.Storage', 'Storage'), @('Microsoft.Data.Sqlite', 'Provider'), @('SQLitePCL', 'Provider'), @('Npgsql', 'Provider')
    @('Microsoft.Extensions.Logging', 'Logging'), @('System.Net', 'Sockets'), @('System.Threading', 'Scheduling')
    @('System.Runtime.CompilerServices.Async', 'Scheduling'), @('RasMfa', 'RasMfa')
)

<#
    The area one perf sample's CPU belongs to. -Thread is the sampled thread's name (comm), -Frames its call chain, leaf
    first, each frame @(symbol, DSO path). Rules, in order:
      1. The thread: a PostgreSQL process (comm postgres) -> PostgreSQL server processes, kernel or user space by the
         leaf; a GC thread (.NET Server GC, .NET BGC) -> GC; the tiered-compilation worker -> JIT.
      2. A kernel leaf: kernel networking when a kernel frame is of the network stack (udp, ip, sock, skb, net, netif,
         loopback, send/recvmsg); kernel file I/O when one is of files (vfs, ext4, jbd2, filemap, page cache, fsync,
         pread/pwrite); thread pool/scheduling when one is of waiting or waking (futex, schedule, sched_yield, wake_up,
         epoll, nanosleep); kernel other otherwise (page faults, timers, interrupts).
      3. Otherwise the first frame from the leaf that names an area decides:
         by its DSO: libe_sqlite3 -> SQLite native; libcrypto, libssl, libSystem.Security.Cryptography.Native -> OTP/crypto
         (packet signing's MD5 and HMAC-MD5 as well as TOTP's HMAC-SHA1 and AES-GCM); libclrjit -> JIT; libcoreclr or a
         runtime stub (write barriers, dispatch) -> runtime native (libcoreclr has no symbols: a gen0 GC run by the
         allocating thread of a workstation-GC process lands here, not under GC);
         by its namespace (a JIT-compiled method's type, or a ReadyToRun frame's assembly name): the first prefix of
         $NamespaceAreas that matches; a RasMfa type named *Log/*Logger/*Logging (not *Audit*) -> logging.
         Frames that name none (libc, libSystem.Native, the vDSO, the BCL's collections, strings and spans, PowerShell)
         are passed over to their callers, so a memcpy is charged to the code that called it.
      4. None: a leaf in libc, ld.so, libSystem.Native or the vDSO -> libc and other native code, caller not unwound (these
         have no frame pointers: perf -g loses their callers; the table by thread says whose they were); else other.
#>
function Get-SampleArea([string] $Thread, [System.Collections.Generic.List[object]] $Frames) {
    if ($Thread -eq 'postgres') { if ($Frames.Count -and $Frames[0][1].StartsWith('[kernel')) { return 'PostgreSqlKernel' } else { return 'PostgreSql' } }
    if ($Thread -match 'Server GC|\.NET BGC|SVR GC') { return 'Gc' }
    if ($Thread -match 'Tiered Com') { return 'Jit' }
    if ($Frames.Count -eq 0) { return 'Other' }
    if ($Frames[0][1].StartsWith('[kernel')) {
        $kernel = ($Frames | Where-Object { $_[1].StartsWith('[kernel') } | ForEach-Object { $_[0] }) -join ' '
        if ($kernel -match 'udp|\bip_|_ip_|inet|sock|skb|net_rx|netif|loopback|sendmsg|recvmsg|sendto|recvfrom|dev_queue') { return 'KernelNet' }
        if ($kernel -match 'vfs_|ext4|jbd2|filemap|page_cache|fsync|pread|pwrite|generic_perform_write|iomap|blk_') { return 'KernelFile' }
        if ($kernel -match 'futex|schedule|sched_|yield|wake_up|epoll|nanosleep') { return 'Scheduling' }
        return 'KernelOther'
    }
    foreach ($frame in $Frames) {
        $file = [System.IO.Path]::GetFileName($frame[1])
        if ($file -like 'libe_sqlite3*' -or $file -like 'libsqlite3*') { return 'SqliteNative' }
        if ($file -match '^(libcrypto|libssl|libSystem\.Security\.Cryptography\.Native)') { return 'Crypto' }
        if ($file -like 'libclrjit*') { return 'Jit' }
        if ($file -like 'libcoreclr*' -or $frame[0].StartsWith('stub ')) { return 'Runtime' }
        $type = if ($frame[0] -match '\[[^\]]+\] ([A-Za-z_][^\s(]*?)::') { $Matches[1] } elseif ($file -like '*.dll') { $file -replace '\.dll$', '' } else { $null }
        if (-not $type) { continue }
        if ($type -like 'RasMfa.*' -and $type -notlike '*Audit*' -and $type -match '(Log|Logger|Logging)(\+|`|$)') { return 'Logging' }
        foreach ($rule in $script:NamespaceAreas) { if ($type.StartsWith($rule[0])) { return $rule[1] } }
    }
    if ([System.IO.Path]::GetFileName($Frames[0][1]) -match '^(libc\.|libpthread|ld-linux|libSystem\.Native|libstdc|libgcc|\[vdso\])') { return 'NativeUnknown' }
    'Other'
}

# A leaf frame's name for the top list: a managed method as Namespace.Type::Method, a nameless address as its DSO.
function Get-LeafName([object] $Frame) {
    if ($Frame[0] -match '\[[^\]]+\] ([^\s(]+::[^\s(]+)\(') { return $Matches[1] }
    if ($Frame[0] -eq '[unknown]' -or $Frame[0] -match '^0x') { return "[unknown] in $([System.IO.Path]::GetFileName($Frame[1]))" }
    $Frame[0]
}

# Reads a perf.data file through perf script (or, with -Text, perf script's kept output): the samples by area and by leaf symbol.
function Read-PerfSamples([string] $DataFile, [string] $Text, [int[]] $ProcessIds) {
    if (-not $Text) {
        $text = "$DataFile.txt"
        & $perfPath script -i $DataFile -F comm,tid,ip,sym,dso --no-inline "--pid=$($ProcessIds -join ',')" 2> "$DataFile.script.err" > $text
    }
    else { $text = $Text }
    $byArea = @{}; $byLeaf = @{}; $leafAreas = @{}; $byThread = @{}
    $header = [regex]'^(\S.*?)\s+(\d+)\s*$'; $frameLine = [regex]'^\s+[0-9a-f]+ (.+) \((.+)\)$'
    $thread = $null; $frames = [System.Collections.Generic.List[object]]::new()
    $finish = {
        if ($null -ne $thread) {
            $area = Get-SampleArea $thread $frames
            $byArea[$area] = 1 + $(if ($byArea.ContainsKey($area)) { $byArea[$area] } else { 0 })
            $leaf = if ($frames.Count) { "$(Get-LeafName $frames[0])`t$([System.IO.Path]::GetFileName($frames[0][1]))" } else { "[no frames]`t" }
            $byLeaf[$leaf] = 1 + $(if ($byLeaf.ContainsKey($leaf)) { $byLeaf[$leaf] } else { 0 })
            if (-not $leafAreas.ContainsKey($leaf)) { $leafAreas[$leaf] = @{} }
            $leafAreas[$leaf][$area] = 1 + $(if ($leafAreas[$leaf].ContainsKey($area)) { $leafAreas[$leaf][$area] } else { 0 })
            $byThread[$thread] = 1 + $(if ($byThread.ContainsKey($thread)) { $byThread[$thread] } else { 0 })
            $script:sampleCount++
        }
    }
    $script:sampleCount = 0
    $reader = [System.IO.StreamReader]::new($text)
    try {
        while ($null -ne ($line = $reader.ReadLine())) {
            if ($line.Length -eq 0) { continue }
            $match = $frameLine.Match($line)
            if ($match.Success) { $frames.Add(@($match.Groups[1].Value, $match.Groups[2].Value)); continue }
            $match = $header.Match($line)
            if ($match.Success) { . $finish; $thread = $match.Groups[1].Value; $frames = [System.Collections.Generic.List[object]]::new() }
        }
        . $finish
    }
    finally { $reader.Dispose() }
    @{ Total = $script:sampleCount; ByArea = $byArea; ByLeaf = $byLeaf; LeafAreas = $leafAreas; ByThread = $byThread }
}

<#
    Runs -Action (a pass) while perf samples both cores (perf record -a: per-CPU events cost the sampled processes nothing at
    their context switches, which per-process events attached to hundreds of threads and PostgreSQL backends did: the
    PostgreSQL path ran twice as slow under them); only the samples of the target's process trees (and the cluster's),
    as they were before and after the pass, are read. Returns the pass's result with the CPU it used and the samples.
#>
function Invoke-Profiled([hashtable] $Target, [string] $Name, [scriptblock] $Action) {
    $roots = $Target.CpuRoots + $Target.StoreRoots
    $data = "$work/$Name.perf.data"
    $perf = Start-Process $perfPath -ArgumentList @('record', '-a', '-g', '-F', $Frequency, '-o', $data) `
        -RedirectStandardOutput "$data.out" -RedirectStandardError "$data.err" -PassThru
    $processes.Add($perf)
    Start-Sleep -Milliseconds 1500
    if ($perf.HasExited) { throw "perf record ended at once: $(Get-Content "$data.err" -Raw)" }
    $ids = [System.Collections.Generic.HashSet[int]]::new([int[]]@(Get-ProcessTreeIds $roots))
    $cpuBefore = Get-ProcessTreeCpuSeconds $roots
    $jitMark = Get-PerfMapMark $Target.CpuRoots
    $result = & $Action
    $cpu = (Get-ProcessTreeCpuSeconds $roots) - $cpuBefore
    $result | Add-Member Compiled (Format-PerfMapCompilations $jitMark)
    foreach ($id in @(Get-ProcessTreeIds $roots)) { [void]$ids.Add($id) }
    & kill -INT $perf.Id
    $perf.WaitForExit()
    foreach ($id in $ids) { [void]$profiledIds.Add($id) }
    $samples = Read-PerfSamples $data -ProcessIds @($ids)
    $result | Add-Member CpuSeconds $cpu
    $result | Add-Member Samples $samples
    $result
}

# Prints one measured pass: the CPU per login, the areas and the top leaf symbols.
function Write-Breakdown([object] $Result, [string] $Title) {
    $perLogin = $Result.CpuSeconds * 1e6 / [Math]::Max(1, $Result.Accepted)
    $total = [Math]::Max(1, $Result.Samples.Total)
    ''
    "== $Title"
    "{0} of {1} logins accepted in {2:N2} s ({3:N0}/s); CPU {4:N1} us per accepted login (process tree{5}); {6} samples at {7} Hz ({8:N2} s of CPU by perf, {9:N2} s by /proc); load average {10}" -f `
        $Result.Accepted, $Result.Sent, $Result.Seconds, ($Result.Accepted / [Math]::Max(0.001, $Result.Seconds)), $perLogin, $(if ($cluster) { ' and the cluster' } else { '' }),
        $Result.Samples.Total, $Frequency, ($Result.Samples.Total / $Frequency), $Result.CpuSeconds, $Result.Load
    if ($Result.PSObject.Properties['P99']) { "p50 {0} ms, p99 {1} ms (at full load)" -f $Result.P50, $Result.P99 }
    if ($Result.PSObject.Properties['Compiled']) { $Result.Compiled }
    ''
    '| area | samples | share | us per login |'
    '| --- | ---: | ---: | ---: |'
    foreach ($key in $Result.Samples.ByArea.Keys | Sort-Object { $Result.Samples.ByArea[$_] } -Descending) {
        $count = $Result.Samples.ByArea[$key]
        '| {0} | {1} | {2:N1}% | {3:N1} |' -f $script:Areas[$key], $count, (100.0 * $count / $total), ($perLogin * $count / $total)
    }
    ''
    'By thread (name as the kernel keeps it, 15 characters):'
    ''
    '| thread | samples | share |'
    '| --- | ---: | ---: |'
    foreach ($key in @($Result.Samples.ByThread.Keys | Sort-Object { $Result.Samples.ByThread[$_] } -Descending | Select-Object -First 12)) {
        '| {0} | {1} | {2:N1}% |' -f $key, $Result.Samples.ByThread[$key], (100.0 * $Result.Samples.ByThread[$key] / $total)
    }
    ''
    "Top $Top leaf symbols (self samples; the area most of them were charged to):"
    ''
    '| share | symbol | DSO | area |'
    '| ---: | --- | --- | --- |'
    foreach ($key in @($Result.Samples.ByLeaf.Keys | Sort-Object { $Result.Samples.ByLeaf[$_] } -Descending | Select-Object -First $Top)) {
        $parts = $key -split "`t"
        $symbol = if ($parts[0].Length -gt 110) { $parts[0].Substring(0, 107) + '...' } else { $parts[0] }
        $areas = $Result.Samples.LeafAreas[$key]
        $main = $areas.Keys | Sort-Object { $areas[$_] } -Descending | Select-Object -First 1
        $more = if ($areas.Count -gt 1) { " (and $($areas.Count - 1) more)" } else { '' }
        '| {0:N1}% | {1} | {2} | {3}{4} |' -f (100.0 * $Result.Samples.ByLeaf[$key] / $total), ($symbol -replace '\|', '\|'), $parts[1], $script:Areas[$main], $more
    }
}

# A server on a store of its own, enrolled through the cmdlets, started with the profiling environment: the target.
function Start-ProfiledTarget([string] $Kind) {
    $key = $Kind.ToLowerInvariant()
    $folder = "$work/$key"
    New-Item -ItemType Directory -Path $folder | Out-Null
    $storeArguments = if ($Kind -eq 'Sqlite') { @{ Database = "$folder/rasmfa.db" } }
    else {
        $database = New-BenchmarkDatabase -Cluster $cluster -Name "perf_$key"
        @{ ConfigFolder = "$folder/config"; ConnectionString = "Host=127.0.0.1;Port=$($cluster.Port);Database=$database"
            Credential = [pscredential]::new('postgres', (ConvertTo-SecureString $cluster.Password -AsPlainText -Force)) }
    }
    $port = Get-FreePort
    # The listener inherits this process's environment: the profiling variables are set only while it starts.
    foreach ($name in $profilingEnvironment.Keys) { Set-Item "Env:$name" $profilingEnvironment[$name] }
    try { $listener = Start-BenchmarkListener -Folder $folder -Name listener -Port $port -Module $module -Enrol -EnrolmentFolder $work -Secret $secretText @storeArguments }
    finally { foreach ($name in $profilingEnvironment.Keys) { Remove-Item "Env:$name" -ErrorAction SilentlyContinue } }
    $processes.Add($listener)
    [void]$profiledIds.Add($listener.Id)
    Wait-ForLine "$folder/listener.out" 'READY' 900 $listener
    if ((Get-Content "$folder/listener.out" -Raw) -notmatch "STORE $Kind") { throw "The listener opened another store: $(Get-Content "$folder/listener.out" -Raw)" }
    $storeRoots = if ($Kind -eq 'PostgreSql') { @(Get-PostgreSqlServerProcessId $cluster) } else { @() }
    $name = "RasMfa session listener, $(if ($Kind -eq 'Sqlite') { 'SQLite' } else { 'PostgreSQL' })"
    if (-not $ServiceHost) { return @{ Name = $name; Port = $port; CpuRoots = @($listener.Id); StoreRoots = $storeRoots; LastStep = [long]-1 } }
    # The service host on the store the listener enrolled (the listener stays, idle and not measured).
    $hostPort = Get-FreePort
    $environment = $profilingEnvironment.Clone()
    if ($Kind -eq 'Sqlite') { $environment.RASMFA_DATABASE = $storeArguments.Database } else { $environment.RASMFA_CONFIG = $storeArguments.ConfigFolder }
    $hostProcess = Start-Process dotnet -ArgumentList @((Join-Path $root 'out/RasMfa/service/net8.0/RasMfa.Service.dll'), '--port', $hostPort,
        '--address', '127.0.0.1', '--metrics-address', 'off') -Environment $environment `
        -RedirectStandardOutput "$folder/service-host.out" -RedirectStandardError "$folder/service-host.err" -PassThru
    $processes.Add($hostProcess)
    Wait-ForLine "$folder/service-host.out" 'Application started' 120 $hostProcess
    @{ Name = $name -replace 'session listener', 'service host'; Port = $hostPort; CpuRoots = @($hostProcess.Id); StoreRoots = $storeRoots; LastStep = [long]-1 }
}

# One radclient pass of every user's code (code only).
function Invoke-CodePass([hashtable] $Target, [string] $Pass) {
    $requests = "$work/requests-$Pass.txt"
    $step = Wait-RadclientStep $Target.LastStep
    Write-RadclientRequestFile $requests $logins $step
    $Target.LastStep = $step
    $action = {
        $run = Invoke-RadclientPass -RequestFile $requests -Step $step -Port $Target.Port -Secret $secretText -Parallel $Parallel -TimeoutSeconds $TimeoutSeconds -OutputPrefix "$work/radclient-$Pass"
        [pscustomobject]@{ Sent = $logins.Count; Accepted = $run.Accepted; Seconds = $run.Seconds; CutShort = $run.CutShort; Load = (Get-Content /proc/loadavg -Raw).Trim() }
    }
    if ($Pass -like '*warm-up*') { & $action } else { Invoke-Profiled $Target $Pass $action }
}

# One pass of our generator over every user, two rounds each (the name, then the code with the challenge's State).
function Invoke-TwoRoundsPass([hashtable] $Target, [string] $Pass) {
    while ((Get-CurrentStep) -le $Target.LastStep) { Wait-NextStep }
    $action = {
        $output = & dotnet $loadGen load --server "127.0.0.1:$($Target.Port)" --secret $secretText --users "$work/load-users-0.csv" --requests $Users `
            --in-flight $InFlight --expect radius --flow challenge
        if ($LASTEXITCODE -ne 0) { throw "Load generator failed: $output" }
        $run = ($output | Where-Object { $_ -like 'RESULT *' }) -replace '^RESULT ', '' | ConvertFrom-Json
        [pscustomobject]@{ Sent = $run.sent; Accepted = $run.accepted; Seconds = $run.seconds; CutShort = $false; P50 = $run.p50; P99 = $run.p99; Load = (Get-Content /proc/loadavg -Raw).Trim() }
    }
    $result = if ($Pass -like '*warm-up*') { & $action } else { Invoke-Profiled $Target $Pass $action }
    # A code is good once: the next pass must use a later step than any this one sent codes of.
    $Target.LastStep = Get-CurrentStep
    $result
}

if ($Reclassify) {
    Write-Breakdown ([pscustomobject]@{ CpuSeconds = 0; Accepted = 1; Sent = 1; Seconds = 1; Load = (Get-Content /proc/loadavg -Raw).Trim()
            CutShort = $false; Samples = (Read-PerfSamples -Text (Resolve-Path $Reclassify).Path) }) "reclassified: $Reclassify (no CPU per login)"
    exit 0
}
try {
    if ((& id -u) -eq '0' -and (Get-Content /proc/sys/kernel/kptr_restrict).Trim() -ne '0') {
        $restoreKptr = (Get-Content /proc/sys/kernel/kptr_restrict).Trim()
        Write-Host "Setting kernel.kptr_restrict to 0 for this run (was $restoreKptr; restored at the end): perf names kernel frames"
        Set-Content /proc/sys/kernel/kptr_restrict '0'
    }
    elseif ((& id -u) -ne '0') { Write-Host "Not root: perf_event_paranoid $((Get-Content /proc/sys/kernel/perf_event_paranoid).Trim()) decides what perf may sample; kernel frames may be missing" }
    if (-not $NoBuild) {
        Write-Host "Building the module"
        & dotnet pwsh (Join-Path $root 'build.ps1') Build | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "build.ps1 Build failed." }
    }
    if ($Flow -contains 'TwoRounds') {
        & dotnet build (Join-Path $PSScriptRoot 'RasMfa.LoadGen/RasMfa.LoadGen.csproj') -c Release --nologo -v quiet -o "$work/loadgen" | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "The load generator did not build." }
        $script:loadGen = "$work/loadgen/RasMfa.LoadGen.dll"
    }
    $script:module = Join-Path $root 'out/RasMfa/RasMfa.psd1'
    Import-Module $module
    Write-Host "Writing $Users users and their TOTP secrets"
    Write-EnrolmentFiles -Folder $work -From 0 -To $Users -Suffix '' -SliceSize $Users
    $script:logins = Read-RadclientLogins "$work/load-users-0.csv"
    if ($Store -contains 'PostgreSql') {
        Write-Host "Starting a throwaway PostgreSQL 15 cluster (fsync on, max_connections 300, stock settings otherwise)"
        $cluster = Start-PostgreSqlCluster
    }
    $commit = (& git -C $root rev-parse --short HEAD 2>$null)
    "perf breakdown: commit $commit; $Users users; $([Environment]::ProcessorCount) cores; $(Get-Date -Format 'yyyy-MM-dd HH:mm'); perf record -a -g -F $Frequency; load average at the start $((Get-Content /proc/loadavg -Raw).Trim())"
    $failed = $false
    foreach ($kind in $Store) {
        Write-Host "Starting RasMfa on $kind (enrolling $Users users)"
        $target = Start-ProfiledTarget $kind
        foreach ($name in $Flow) {
            $invoke = if ($name -eq 'Code') { ${function:Invoke-CodePass} } else { ${function:Invoke-TwoRoundsPass} }
            for ($warmUp = 1; $warmUp -le $WarmUpPasses; $warmUp++) {
                Write-Host "$($target.Name), $name`: warm-up pass $warmUp of $WarmUpPasses"
                $cpuBefore = Get-ProcessTreeCpuSeconds ($target.CpuRoots + $target.StoreRoots)
                $warm = & $invoke $target "$kind-$name-warm-up$warmUp"
                # Without perf, but with the JIT compiling: for the order of perf's own cost, not a figure to compare.
                $warmCpu = (Get-ProcessTreeCpuSeconds ($target.CpuRoots + $target.StoreRoots)) - $cpuBefore
                "{0}, {1}, warm-up pass {8} of {9} (no perf): {2} of {3} accepted in {4:N1} s, CPU {5:N1} us per accepted login{6}; load average {7}" -f $target.Name, $name,
                    $warm.Accepted, $warm.Sent, $warm.Seconds, ($warmCpu * 1e6 / [Math]::Max(1, $warm.Accepted)),
                    $(if ($warm.CutShort) { ', stopped at the end of its codes'' validity (radclient printed no counts)' } else { '' }), $warm.Load, $warmUp, $WarmUpPasses
            }
            Write-Host "$($target.Name), $name`: measured pass under perf"
            $result = & $invoke $target "$kind-$name"
            $generator = if ($name -eq 'Code') { "radclient -p $Parallel, code only" } else { "our generator (--flow challenge, $InFlight in flight), two rounds" }
            Write-Breakdown $result "$($target.Name); $generator"
            if ($result.Accepted -ne $result.Sent) {
                $failed = $true
                "NOT ALL ACCEPTED: $($result.Accepted) of $($result.Sent)$(if ($result.CutShort) { ': the pass was stopped at the end of its codes'' validity (radclient printed no counts)' })"
            }
        }
        foreach ($id in $target.CpuRoots) { Stop-Process -Id $id -Force -ErrorAction SilentlyContinue }
    }
    "load average at the end: $((Get-Content /proc/loadavg -Raw).Trim())"
    $exitCode = if ($failed) { 1 } else { 0 }
}
finally {
    foreach ($process in $processes) { if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue } }
    if ($cluster) { Stop-PostgreSqlCluster $cluster }
    if ($null -ne $restoreKptr) { Set-Content /proc/sys/kernel/kptr_restrict $restoreKptr }
    $maps = @($profiledIds | ForEach-Object { "/tmp/perf-$_.map", "/tmp/perfinfo-$_.map", "/tmp/jit-$_.dump" } | Where-Object { Test-Path $_ })
    if ($KeepPerfData) {
        New-Item -ItemType Directory -Path $KeepPerfData -Force | Out-Null
        Copy-Item "$work/*.perf.data*" $KeepPerfData -ErrorAction SilentlyContinue
        foreach ($map in $maps) { Copy-Item $map $KeepPerfData }
    }
    foreach ($map in $maps) { Remove-Item $map -Force -ErrorAction SilentlyContinue }
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
exit $exitCode
