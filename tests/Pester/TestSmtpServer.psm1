# A real SMTP server for the Pester tests: aiosmtpd (Debian python3-aiosmtpd) run by tests/Smtp/smtp_test_server.py on a
# free loopback port, with STARTTLS on a certificate it makes and AUTH. What it receives is read back with Get-TestMail.

function Start-TestSmtpServer {
    param([string] $User, [string] $Password, [switch] $NoTls)
    $folder = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-smtp-" + [guid]::NewGuid().ToString('N'))
    $script = Join-Path $PSScriptRoot '../Smtp/smtp_test_server.py'
    $arguments = @("`"$script`"", "`"$folder`"")
    if (-not $NoTls) { $arguments += '--tls' }
    if ($User) { $arguments += @('--user', $User, '--password', $Password) }
    # Debian's interpreter, the one python3-aiosmtpd is installed for.
    $start = [System.Diagnostics.ProcessStartInfo]::new('/usr/bin/python3', ($arguments -join ' '))
    $start.UseShellExecute = $false
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $ready = $process.StandardOutput.ReadLine()
    if ($ready -notmatch '^READY port=(\d+) sha256=(\S*)') {
        throw "The test SMTP server did not start (is python3-aiosmtpd installed? build.ps1 installs it): $($process.StandardError.ReadToEnd())"
    }
    [pscustomobject]@{ Process = $process; Folder = $folder; Port = [int] $Matches[1]; CertificateSha256 = $Matches[2] }
}

function Stop-TestSmtpServer($Server) {
    if (-not $Server) { return }
    $Server.Process.StandardInput.Close()
    if (-not $Server.Process.WaitForExit(5000)) { $Server.Process.Kill() }
    Remove-Item $Server.Folder -Recurse -Force -ErrorAction SilentlyContinue
}

# The messages received so far, in order: the envelope (mail_from, rcpt_tos, login) and the message as Python's MIME
# parser reads it (subject, from, to, headers, text, html, images with content_id, media_type, base64).
function Get-TestMail($Server) {
    if (-not (Test-Path $Server.Folder)) { return }
    Get-ChildItem $Server.Folder -Filter *.json | Sort-Object { [int] $_.BaseName } | ForEach-Object { Get-Content $_.FullName -Raw | ConvertFrom-Json }
}

Export-ModuleMember -Function Start-TestSmtpServer, Stop-TestSmtpServer, Get-TestMail
