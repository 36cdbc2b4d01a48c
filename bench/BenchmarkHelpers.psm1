# Helpers for bench/Invoke-Benchmark.ps1: process figures from /proc, waiting, and the FreeRADIUS configuration it runs.
Set-StrictMode -Version 3
Import-Module (Join-Path $PSScriptRoot '../tools/FreeRadiusConfiguration.psm1')
Import-Module (Join-Path $PSScriptRoot '../tools/EngineTypes.psm1')
$script:ClockTicks = [double](& getconf CLK_TCK)

function Get-FreePort { $u = [System.Net.Sockets.UdpClient]::new(0); try { $u.Client.LocalEndPoint.Port } finally { $u.Dispose() } }

# User plus system CPU time the process has used, in seconds (fields 14 and 15 of /proc/PID/stat).
function Get-CpuSeconds([int] $ProcessId) {
    $fields = (Get-Content "/proc/$ProcessId/stat" -Raw).Split(')')[1].Trim().Split(' ')
    ([double]$fields[11] + [double]$fields[12]) / $script:ClockTicks
}

<#
    CPU time, in seconds, of the processes -RootIds and all their descendants, read from /proc at once: each one's user and
    system time, plus the time of the children it has reaped (fields 16 and 17), so that a PostgreSQL backend that ended
    during a run still counts through the postmaster that waited for it.
#>
function Get-ProcessTreeCpuSeconds([int[]] $RootIds) {
    (Read-ProcessTree $RootIds).CpuSeconds
}

<# The ids of the processes -RootIds and all their descendants now (for perf record -p). #>
function Get-ProcessTreeIds([int[]] $RootIds) {
    (Read-ProcessTree $RootIds).Ids
}

function Read-ProcessTree([int[]] $RootIds) {
    $byParent = @{}; $ticks = @{}
    foreach ($entry in [System.IO.Directory]::EnumerateDirectories('/proc')) {
        $name = [System.IO.Path]::GetFileName($entry)
        if ($name -notmatch '^\d+$') { continue }
        try { $text = [System.IO.File]::ReadAllText("$entry/stat") } catch { continue }
        $fields = $text.Substring($text.LastIndexOf(')') + 2).Split(' ')
        $id = [int]$name; $parent = [int]$fields[1]
        $ticks[$id] = [double]$fields[11] + [double]$fields[12] + [double]$fields[13] + [double]$fields[14]
        if (-not $byParent.ContainsKey($parent)) { $byParent[$parent] = [System.Collections.Generic.List[int]]::new() }
        $byParent[$parent].Add($id)
    }
    $total = 0.0
    $ids = [System.Collections.Generic.List[int]]::new()
    $pending = [System.Collections.Generic.Stack[int]]::new()
    foreach ($root in $RootIds) { $pending.Push($root) }
    while ($pending.Count -gt 0) {
        $id = $pending.Pop()
        if ($ticks.ContainsKey($id)) { $total += $ticks[$id]; $ids.Add($id) }
        if ($byParent.ContainsKey($id)) { foreach ($child in $byParent[$id]) { $pending.Push($child) } }
    }
    @{ CpuSeconds = $total / $script:ClockTicks; Ids = $ids.ToArray() }
}

# The 30-second TOTP step now.
function Get-CurrentStep { [long][Math]::Floor([DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() / 30000) }

function Get-PeakMegabytes([int] $ProcessId) {
    $line = Get-Content "/proc/$ProcessId/status" | Where-Object { $_ -like 'VmHWM:*' }
    [Math]::Round([double]($line -replace '[^0-9]', '') / 1024, 1)
}

function Wait-ForLine([string] $Path, [string] $Pattern, [int] $Seconds, [System.Diagnostics.Process] $Process) {
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($Process.HasExited) { throw "The process writing $Path exited:`n$(Get-Content $Path -Raw -ErrorAction SilentlyContinue)" }
        if ((Test-Path $Path) -and (Get-Content $Path -Raw) -match $Pattern) { return }
        Start-Sleep -Milliseconds 200
    }
    throw "Timed out waiting for '$Pattern' in $Path`n$(Get-Content $Path -Raw -ErrorAction SilentlyContinue)"
}

# Each user's code is good once per 30-second step: every run starts in a fresh step.
function Wait-NextStep { $into = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() % 30000; Start-Sleep -Milliseconds (30000 - $into + 200) }

<#
FreeRADIUS 3.2 with files + totp, reject_delay 0, Message-Authenticator required (-Unsigned: not required, as a RasMfa
client added with -RequireMessageAuthenticator $false): one virtual server answering codes (the code in User-Password)
and one that first challenges (no State: Access-Challenge with a random State; with one: the code is checked).
FreeRADIUS keeps no record of the States it issued; RasMfa binds each to its user and client. -ReceiveBufferBytes sizes
the listening sockets' receive buffers (recv_buff, capped by net.core.rmem_max) as RasMfa's ReceiveBufferBytes does its
own; 0 keeps the system's default.
#>
# -DecisionDatabase: the code server also writes a record of each decision (rlm_sql's stock post-auth INSERT, one transaction
# per request) to that SQLite file, which New-FreeRadiusDecisionDatabase made: the durable per-decision write RasMfa does.
function Write-FreeRadiusConfiguration([string] $Directory, [string] $Secret, [int] $CodePort, [int] $ChallengePort, [switch] $Unsigned, [int] $ReceiveBufferBytes = 0,
    [string] $DecisionDatabase) {
    $receiveBuffer = if ($ReceiveBufferBytes -gt 0) { "recv_buff = $ReceiveBufferBytes" } else { '' }
    $sqlModule = if ($DecisionDatabase) {
        @"
    sql {
        driver = "rlm_sql_sqlite"
        dialect = "sqlite"
        sqlite {
            filename = "$DecisionDatabase"
            # ms a writer waits for another's lock (stock: 200, which refused logins under radclient -p 256 as "database is locked")
            busy_timeout = 5000
        }
        radius_db = "radius"
        postauth_table = "radpostauth"
        acct_table1 = "radacct"
        acct_table2 = "radacct"
        authcheck_table = "radcheck"
        groupcheck_table = "radgroupcheck"
        authreply_table = "radreply"
        groupreply_table = "radgroupreply"
        usergroup_table = "radusergroup"
        client_table = "nas"
        read_clients = no
        read_groups = no
        read_profiles = no
        delete_stale_sessions = no
        sql_user_name = "%{User-Name}"
        group_attribute = "SQL-Group"
        pool {
            start = 4
            min = 4
            max = 32
            spare = 8
            uses = 0
            retry_delay = 1
            lifetime = 0
            idle_timeout = 0
        }
        `$INCLUDE $(Get-FreeRadiusSqliteQueries)
    }
"@
    } else { '' }
    $postAuth = if ($DecisionDatabase) { "    post-auth {`n        sql`n    }" } else { '' }
    New-Item -ItemType Directory -Path "$Directory/log", "$Directory/run", "$Directory/mods-config" -Force | Out-Null
    Set-Content "$Directory/dictionary" ''
    $checkCode = @'
        if (&control:TOTP-Secret && &User-Password) {
            update request {
                &TOTP-Password := &User-Password
            }
            update control {
                &Auth-Type := totp
            }
        }
'@
    Set-Content "$Directory/radiusd.conf" @"
$(Get-FreeRadiusPathSettings -Directory $Directory)
max_request_time = 30
cleanup_delay = 5
max_requests = 65536
hostname_lookups = no
log {
    destination = stdout
}
security {
    max_attributes = 200
    reject_delay = 0
    status_server = no
}
thread pool {
    start_servers = 4
    max_servers = 32
    min_spare_servers = 2
    max_spare_servers = 8
    max_requests_per_server = 0
}
client loadgen {
    ipaddr = 127.0.0.1
    secret = $Secret
    require_message_authenticator = $(if ($Unsigned) { 'no' } else { 'yes' })
}
modules {
    files {
        filename = $Directory/users
    }
    totp {
    }
    expr {
    }
    always handled {
        rcode = handled
    }
$sqlModule
}
server default {
    listen {
        type = auth
        ipaddr = 127.0.0.1
        port = $CodePort
        $receiveBuffer
    }
    authorize {
        files
$checkCode
    }
    authenticate {
        Auth-Type totp {
            totp
        }
    }
$postAuth
}
server challenge {
    listen {
        type = auth
        ipaddr = 127.0.0.1
        port = $ChallengePort
        $receiveBuffer
    }
    authorize {
        files
        if (!&State) {
            update reply {
                &State := "%{randstr:hhhhhhhhhhhhhhhh}"
                &Reply-Message := "Enter the code from your authenticator app"
            }
            update control {
                &Response-Packet-Type := Access-Challenge
            }
            handled
        }
$checkCode
    }
    authenticate {
        Auth-Type totp {
            totp
        }
    }
}
"@
}

# The stock rlm_sql queries for SQLite (Debian's freeradius-config): the post-auth INSERT among them.
function Get-FreeRadiusSqliteQueries {
    $queries = '/etc/freeradius/3.0/mods-config/sql/main/sqlite/queries.conf'
    if (-not (Test-Path $queries)) { throw "FreeRADIUS's SQLite queries are not at $queries (Debian: freeradius-config)." }
    $queries
}

# A SQLite file with FreeRADIUS's stock schema in WAL mode (as RasMfa's store; SQLite's default synchronous, FULL, keeps
# each commit synced before FreeRADIUS answers).
function New-FreeRadiusDecisionDatabase([string] $Path) {
    if (-not (Get-Command sqlite3 -ErrorAction SilentlyContinue)) { throw "sqlite3 is not installed (Debian: sqlite3)." }
    $schema = Join-Path (Split-Path (Get-FreeRadiusSqliteQueries)) 'schema.sql'
    Get-Content $schema -Raw | & sqlite3 $Path
    $mode = & sqlite3 $Path 'PRAGMA journal_mode=WAL;'
    if ($LASTEXITCODE -ne 0 -or $mode -ne 'wal') { throw "Could not put $Path in WAL mode ($mode)." }
}

Export-ModuleMember -Function Get-FreePort, Get-CpuSeconds, Get-ProcessTreeCpuSeconds, Get-ProcessTreeIds, Get-CurrentStep, Get-PeakMegabytes, Wait-ForLine, Wait-NextStep, Write-FreeRadiusConfiguration, New-FreeRadiusDecisionDatabase, Get-EngineType
