# Mail through Microsoft Graph (issue 15) as an admin uses it: Set-RasMfaMailProvider -EntraTenant -Mailbox, the tenant
# test, a test mail, an e-mail sign-in code over radclient and a mailed enrolment, against the loopback stubs of the token
# endpoint and Graph (tests/EntraStub as a process, which writes each mail sendMail takes to a folder).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEntraStub.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:folder = Split-Path $env:RASMFA_DATABASE

    $script:stub = Start-TestEntraStub -WithMailFolder
    $script:mails = $stub.MailFolder
    Set-TestEntraEndpoints $stub

    $script:tenantId = '8c1f3a52-2b5e-4f7d-9a61-0d4e6b7c8a90'
    $script:clientId = '3f6a1b2c-4d5e-4f60-8a7b-9c0d1e2f3a4b'
    $script:clientSecret = 'stub-secret~Zx9'
    Add-RasMfaEntraTenant -Name contoso -TenantId $tenantId -ClientId $clientId -ClientSecret (ConvertTo-TestSecret $clientSecret) -Confirm:$false

    $script:port = Get-FreeUdpPort
    $script:secretText = 'graph-mail-shared-secret-0123456789'
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText) -AllowedMethod Totp, Email -Keyword @{ email = 'email' }
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1

    function Get-LastGraphMail {
        $file = Get-ChildItem $mails -Filter 'mail-*.json' | Sort-Object { [int]($_.BaseName -replace '\D', '') } | Select-Object -Last 1
        if ($file) { Get-Content $file.FullName -Raw | ConvertFrom-Json }
    }
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Set-TestEntraEndpoints $null
    Stop-TestEntraStub $stub
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'Loading Microsoft.Graph for mail' {
    It 'is not done by setting a Graph mail provider nor by mail through SMTP, and is by the first mail through Graph' {
        $database = New-TestDatabasePath
        $names = 'Microsoft.Graph', 'Microsoft.Graph.Core', 'Azure.Identity', 'Azure.Core', 'Microsoft.Identity.Client', 'RasMfa.Entra'
        $loaded = "[System.AppDomain]::CurrentDomain.GetAssemblies().GetName().Name | Where-Object { `$_ -in '$($names -join "','")' } | Sort-Object"
        $output = Invoke-SecondPowerShell -Command @"
`$env:RASMFA_DATABASE = '$database'
Import-Module '$env:RASMFA_MODULE'
Add-RasMfaEntraTenant -Name t -TenantId $tenantId -ClientId $clientId -ClientSecret (ConvertTo-SecureString '$clientSecret' -AsPlainText -Force) -Confirm:`$false
Set-RasMfaMailProvider -EntraTenant t -Mailbox mfa@contoso.com -Confirm:`$false
Get-RasMfaDeliveryProvider | Out-Null
'set:' + (($loaded) -join ',')
Set-RasMfaMailProvider -SmtpServer 127.0.0.1 -Port 9 -From mfa@contoso.com -TimeoutSeconds 2 -Confirm:`$false
'smtp-sent:' + (Test-RasMfaDeliveryProvider Email alice@corp.example).Delivered
'smtp:' + (($loaded) -join ',')
Set-RasMfaMailProvider -EntraTenant t -Mailbox mfa@contoso.com -Confirm:`$false
$(Get-TestEntraEndpointsScript $stub)
'graph-sent:' + (Test-RasMfaDeliveryProvider Email alice@corp.example).Delivered
'graph:' + (($loaded) -join ',')
"@
        $output | Should -Contain 'set:'
        $output | Should -Contain 'smtp-sent:False'
        $output | Should -Contain 'smtp:'
        $output | Should -Contain 'graph-sent:True'
        ($output | Where-Object { "$_" -like 'graph:*' }) | Should -Match 'Microsoft\.Graph'
        Remove-Item (Split-Path $database) -Recurse -Force -ErrorAction SilentlyContinue
    }
}

Describe 'Set-RasMfaMailProvider -EntraTenant, Test-RasMfaEntraTenant and Test-RasMfaDeliveryProvider' {
    It 'refuses a tenant that does not exist and a mailbox that is not one address, with error ids' {
        Set-RasMfaMailProvider -EntraTenant fabrikam -Mailbox mfa@contoso.com -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'EntraTenantNotFound,*'
        Set-RasMfaMailProvider -EntraTenant contoso -Mailbox 'mfa@contoso.com/../x' -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDeliveryProviderSettings,*'
        @(Get-RasMfaDeliveryProvider).Count | Should -Be 0
    }

    It 'sets the provider with no secret of its own; the tenant test names Mail.Send; a test mail goes through Graph' {
        Test-RasMfaEntraTenant contoso | ForEach-Object MissingPermissions | Should -Not -Contain 'Mail.Send'
        $set = Set-RasMfaMailProvider -EntraTenant CONTOSO -Mailbox mfa@contoso.com -PassThru -Confirm:$false
        $set.Provider | Should -Be 'GraphMail'
        $set.SecretSet | Should -BeFalse
        $settings = $set.Settings | ConvertFrom-Json
        ($settings.entraTenant, $settings.mailbox, $settings.timeoutSeconds) | Should -Be @('contoso', 'mfa@contoso.com', 15)

        $tenant = Test-RasMfaEntraTenant contoso
        $tenant.MissingPermissions | Should -Contain 'Mail.Send'
        $tenant.Succeeded | Should -BeFalse

        $test = Test-RasMfaDeliveryProvider -Kind Email -Recipient helpdesk@corp.example
        $test.Delivered | Should -BeTrue -Because $test.Failure
        $mail = Get-LastGraphMail
        ($mail.Mailbox, $mail.Recipient, $mail.Subject, $mail.BodyType) | Should -Be @('mfa@contoso.com', 'helpdesk@corp.example', 'RasMfa test message', 'html')
    }

    It 'keeps the tenant the mail provider sends through from being removed, with an error id' {
        Remove-RasMfaEntraTenant contoso -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'EntraTenantSendsMail,*'
        Get-RasMfaEntraTenant contoso | Should -Not -BeNullOrEmpty
    }

    It 'says a 403 is Mail.Send missing, without the client secret' {
        Set-RasMfaMailProvider -EntraTenant contoso -Mailbox denied@contoso.com -Confirm:$false
        $test = Test-RasMfaDeliveryProvider Email helpdesk@corp.example
        $test.Delivered | Should -BeFalse
        $test.Failure | Should -Match 'Mail\.Send'
        $test.Failure | Should -Not -Match ([regex]::Escape($clientSecret))
        Test-RasMfaDeliveryProvider Email helpdesk@corp.example -Quiet | Should -BeFalse
    }
}

Describe 'Codes and enrolments mailed through Graph' {
    BeforeAll {
        Set-RasMfaMailProvider -EntraTenant contoso -Mailbox mfa@contoso.com -Confirm:$false
        New-RasMfaUser -UserName alice | Out-Null
        Set-RasMfaUser alice -Email alice@corp.example -Method Email | Out-Null
        New-RasMfaUser -UserName carol -Email carol@corp.example | Out-Null
        function Send-Password([string] $UserName, [string] $Password, [string] $State) {
            $attributes = @("User-Name = `"$UserName`"", "User-Password = `"$Password`"", 'Message-Authenticator = 0x00')
            if ($State) { $attributes += "State = $State" }
            Invoke-Radclient -Server "127.0.0.1:$port" -Command auth -Secret $secretText -TimeoutSeconds 20 -Attributes $attributes
        }
    }

    It 'radclient: the keyword sends a code through Graph, and the code from that mail logs in' {
        # The running listener reads the provider, client and user changes at its next poll.
        Start-Sleep -Seconds 3
        $challenge = Send-Password alice 'email'
        $challenge.Code | Should -Be 'Access-Challenge' -Because $challenge.Output
        $state = ($challenge.Attributes | Where-Object { $_ -like 'State = *' }) -replace '^State = ', ''
        $mail = Get-LastGraphMail
        $mail.Recipient | Should -Be 'alice@corp.example'
        $mail.BodyType | Should -Be 'text'
        $mail.Body -match 'code is ([0-9, ]+?)[.]' | Should -BeTrue
        $code = $Matches[1] -replace '[, ]', ''
        $answer = Send-Password alice $code $state
        $answer.Code | Should -Be 'Access-Accept' -Because $answer.Output
    }

    It 'Send-RasMfaEnrollment mails the QR code as an inline attachment of the HTML body' {
        $sent = Send-RasMfaEnrollment -UserName carol -Confirm:$false
        $sent.Recipient | Should -Be 'carol@corp.example'
        $mail = Get-LastGraphMail
        $mail.BodyType | Should -Be 'html'
        $mail.Body | Should -Match 'cid:rasmfa-enrollment-qr'
        $image = @($mail.Attachments)[0]
        ($image.ContentId, $image.ContentType, $image.IsInline) | Should -Be @('rasmfa-enrollment-qr', 'image/png', $true)
        [System.Text.Encoding]::ASCII.GetString([Convert]::FromBase64String($image.Content), 1, 3) | Should -Be 'PNG'
    }
}
