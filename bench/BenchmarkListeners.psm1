# The RasMfa servers bench/Invoke-Benchmark.ps1 measures: the enrolment files, each listener in a PowerShell process of its
# own (on a SQLite file, or on PostgreSQL through the machine-wide store setting in a folder of the run's own), and a
# database per configuration in the run's PostgreSQL cluster.
Set-StrictMode -Version 3
Import-Module (Join-Path $PSScriptRoot '../tools/EngineTypes.psm1')

<#
    Writes users $From to $To-1 as the module imports them (users$Suffix.csv, tokens$Suffix.csv), as the load generator
    reads them, cut in slices of -SliceSize users (load-users$Suffix-N.csv: each run logs in one slice, so that runs in the
    same 30-second step use codes of their own), and with -FreeRadiusUsers as FreeRADIUS's users file.
#>
function Write-EnrolmentFiles {
    param([string] $Folder, [int] $From, [int] $To, [string] $Suffix, [int] $SliceSize, [string] $FreeRadiusUsers)
    $userLines = [System.Collections.Generic.List[string]]::new(); $userLines.Add('UserName,Enabled')
    $tokenLines = [System.Collections.Generic.List[string]]::new(); $tokenLines.Add('Serial,Secret,Type,Digits,Period,UserName')
    $loadLines = [System.Collections.Generic.List[string]]::new()
    $radiusUsers = [System.Text.StringBuilder]::new()
    $bytes = [byte[]]::new(20)
    $otpSecrets = Get-EngineType Tokens.OtpSecrets
    for ($i = $From; $i -lt $To; $i++) {
        [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
        $base32 = $otpSecrets::ToBase32($bytes)
        $userLines.Add("user$i,True"); $tokenLines.Add("BENCH$i,$base32,TOTP,6,30,user$i"); $loadLines.Add("user$i,$base32")
        if ($FreeRadiusUsers) { [void]$radiusUsers.Append("user$i TOTP-Secret := `"$base32`"`n") }
    }
    [System.IO.File]::WriteAllLines("$Folder/users$Suffix.csv", $userLines)
    [System.IO.File]::WriteAllLines("$Folder/tokens$Suffix.csv", $tokenLines)
    if ($SliceSize -gt 0) {
        for ($slice = 0; ($slice + 1) * $SliceSize -le $loadLines.Count; $slice++) {
            [System.IO.File]::WriteAllLines("$Folder/load-users$Suffix-$slice.csv", @('UserName,Secret') + $loadLines.GetRange($slice * $SliceSize, $SliceSize))
        }
    }
    if ($FreeRadiusUsers) { [System.IO.File]::WriteAllText($FreeRadiusUsers, $radiusUsers.ToString()) }
}

<#
    Starts a listener on 127.0.0.1:-Port in a PowerShell process of its own importing -Module, and returns the process once
    it serves. The store: -Database (a SQLite file, RASMFA_DATABASE) or -ConfigFolder (RASMFA_CONFIG: the machine-wide
    setting, and the PostgreSQL store's key, in that folder). With -Enrol, that process first enrols the run's users and
    the load generator's client through the cmdlets, and for PostgreSQL writes the setting with Set-RasMfaStore
    -PostgreSql -ConnectionString -Credential. With -UnsignedClient that client is added with -RequireMessageAuthenticator
    $false (requests without a Message-Authenticator answered, as by a FreeRADIUS client without
    require_message_authenticator). Its settings go by a file readable by its owner only (they may hold the database's
    password).
#>
function Start-BenchmarkListener {
    param(
        [Parameter(Mandatory)] [string] $Folder, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [int] $Port,
        [Parameter(Mandatory)] [string] $Module, [string] $Database, [string] $ConfigFolder,
        [switch] $Enrol, [string] $EnrolmentFolder, [string] $Secret, [string] $ConnectionString, [pscredential] $Credential,
        [switch] $UnsignedClient
    )
    $settings = @{
        Module = $Module; Port = $Port; Database = $Database; ConfigFolder = $ConfigFolder; Enrol = [bool]$Enrol
        Users = "$EnrolmentFolder/users.csv"; Tokens = "$EnrolmentFolder/tokens.csv"; Secret = $Secret
        ConnectionString = $ConnectionString; UserName = if ($Credential) { $Credential.UserName } else { '' }
        Password = if ($Credential) { $Credential.GetNetworkCredential().Password } else { '' }
        RequireMessageAuthenticator = -not $UnsignedClient
    }
    $settingsFile = "$Folder/$Name.json"
    New-Item -ItemType File -Path $settingsFile -Force | Out-Null
    & chmod 600 $settingsFile
    [System.IO.File]::WriteAllText($settingsFile, ($settings | ConvertTo-Json))
    Set-Content "$Folder/$Name.ps1" @'
param([string] $SettingsFile)
$ErrorActionPreference = 'Stop'
$settings = Get-Content $SettingsFile -Raw | ConvertFrom-Json
Remove-Item Env:RASMFA_DATABASE, Env:RASMFA_CONFIG -ErrorAction SilentlyContinue
if ($settings.Database) { $env:RASMFA_DATABASE = $settings.Database } else { $env:RASMFA_CONFIG = $settings.ConfigFolder }
Import-Module $settings.Module
if ($settings.Enrol) {
    if ($settings.ConnectionString) {
        $password = ConvertTo-SecureString $settings.Password -AsPlainText -Force
        Set-RasMfaStore -PostgreSql -ConnectionString $settings.ConnectionString -Credential ([pscredential]::new($settings.UserName, $password)) -Confirm:$false
    }
    Import-RasMfaUser -Path $settings.Users | Out-Null
    Import-RasMfaOathToken -Path $settings.Tokens | Out-Null
    Add-RasMfaRadiusClient -Name loadgen -Address 127.0.0.1 -SharedSecret (ConvertTo-SecureString $settings.Secret -AsPlainText -Force) `
        -RequireMessageAuthenticator $settings.RequireMessageAuthenticator | Out-Null
}
Start-RasMfaRadiusServer -Port $settings.Port -LocalAddress 127.0.0.1
# The store it opened, for the benchmark to check (a PostgreSQL setting that did not take would measure SQLite).
"STORE $((Get-RasMfaStore).Kind)"
'READY'
Start-Sleep -Seconds 7200
'@
    $pwsh = (Get-Process -Id $PID).Path
    [string[]] $prefix = if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
    Start-Process $pwsh -ArgumentList ($prefix + @('-NoProfile', '-NonInteractive', '-File', "$Folder/$Name.ps1", '-SettingsFile', $settingsFile)) `
        -RedirectStandardOutput "$Folder/$Name.out" -RedirectStandardError "$Folder/$Name.err" -PassThru
}

<# A new empty database in the run's cluster (psql as its superuser): its name. #>
function New-BenchmarkDatabase {
    param([Parameter(Mandatory)] $Cluster, [Parameter(Mandatory)] [string] $Name)
    $previous = $env:PGPASSWORD
    $env:PGPASSWORD = $Cluster.Password
    try {
        $output = & psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $Cluster.Port -U postgres -d postgres -c "CREATE DATABASE $Name" 2>&1
        if ($LASTEXITCODE -ne 0) { throw "psql could not create the database ${Name}: $output" }
    }
    finally { $env:PGPASSWORD = $previous }
    $Name
}

<# The PostgreSQL server's own process (the postmaster), from its data folder: the root of every backend and worker. #>
function Get-PostgreSqlServerProcessId {
    param([Parameter(Mandatory)] $Cluster)
    [int](Get-Content (Join-Path $Cluster.DataDirectory 'postmaster.pid') -TotalCount 1)
}

Export-ModuleMember -Function Write-EnrolmentFiles, Start-BenchmarkListener, New-BenchmarkDatabase, Get-PostgreSqlServerProcessId
