# The e-mail provider and enrolment by mail as an admin uses them, against a real SMTP server (aiosmtpd) on loopback with
# STARTTLS (its certificate pinned by thumbprint) and AUTH.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSmtpServer.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:folder = Split-Path $env:RASMFA_DATABASE
    $script:relayPassword = 'Relay-Passw0rd-for-pester'
    $script:smtp = Start-TestSmtpServer -User relay -Password $relayPassword
    $script:port = Get-FreeUdpPort
    $script:secretText = 'mail-test-shared-secret-0123456789'
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1

    function Set-TestMailProvider([string] $Password = $relayPassword) {
        $credential = [pscredential]::new('relay', (ConvertTo-TestSecret $Password))
        Set-RasMfaMailProvider -SmtpServer 127.0.0.1 -Port $smtp.Port -From mfa@corp.example -FromDisplayName 'Corp sign-in' `
            -Credential $credential -CertificateThumbprint $smtp.CertificateSha256 -TimeoutSeconds 10 -PassThru -Confirm:$false
    }

    function Test-Code([string] $UserName, [string] $Code) {
        Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret (ConvertTo-TestSecret $secretText) -UserName $UserName -Password (ConvertTo-TestSecret $Code) -Quiet
    }
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Stop-TestSmtpServer $smtp
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'Set-, Get-, Test- and Remove-RasMfaDeliveryProvider' {
    It 'sets the mail provider, shows it without its password, and a test message arrives over STARTTLS with AUTH' {
        $set = Set-TestMailProvider
        $set.Kind | Should -Be 'Email'
        $set.Provider | Should -Be 'Smtp'
        $set.SecretSet | Should -BeTrue
        $set.SecretReadable | Should -BeTrue
        $shown = Get-RasMfaDeliveryProvider -Kind Email
        $shown.Settings | Should -Not -Match $relayPassword
        ($shown.Settings | ConvertFrom-Json).security | Should -Be 'StartTls'
        ($shown | Format-Table | Out-String) | Should -Match 'SecretReadable'

        $test = Test-RasMfaDeliveryProvider -Kind Email -Recipient helpdesk@corp.example
        $test.Delivered | Should -BeTrue -Because $test.Failure
        $test.ProviderReference | Should -Match 'queued as'
        $mail = @(Get-TestMail $smtp)[-1]
        $mail.login | Should -Be 'relay'
        $mail.rcpt_tos | Should -Be @('helpdesk@corp.example')
        $mail.mail_from | Should -Be 'mfa@corp.example'
        $mail.message.from | Should -Be 'Corp sign-in <mfa@corp.example>'
        $mail.message.subject | Should -Be 'RasMfa test message'
        $mail.message.text | Should -Match 'test message from RasMfa'
        $mail.message.html | Should -Match '<p>This is a test message'
        Test-RasMfaDeliveryProvider Email helpdesk@corp.example -Quiet | Should -BeTrue
    }

    It 'says a wrong password failed authentication, without the password, and -Quiet is false' {
        Set-TestMailProvider -Password 'Not-The-Relay-Passw0rd' | Out-Null
        $count = @(Get-TestMail $smtp).Count
        $test = Test-RasMfaDeliveryProvider -Kind Email -Recipient helpdesk@corp.example
        $test.Delivered | Should -BeFalse
        $test.Failure | Should -Match 'authentication'
        $test.Failure | Should -Not -Match 'Not-The-Relay-Passw0rd'
        Test-RasMfaDeliveryProvider Email helpdesk@corp.example -Quiet | Should -BeFalse
        @(Get-TestMail $smtp).Count | Should -Be $count
    }

    It 'refuses a password in clear without -AllowInsecure, with an error id, and keeps the provider it had' {
        Set-TestMailProvider | Out-Null
        $credential = [pscredential]::new('relay', (ConvertTo-TestSecret $relayPassword))
        Set-RasMfaMailProvider -SmtpServer 127.0.0.1 -Port $smtp.Port -Security None -From mfa@corp.example -Credential $credential -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDeliveryProviderSettings,*'
        $failure[0].Exception.Message | Should -Match 'in clear'
        (Get-RasMfaDeliveryProvider -Kind Email).Settings | ConvertFrom-Json | ForEach-Object security | Should -Be 'StartTls'
    }

    It 'warns when mail goes in clear without credentials' {
        Set-RasMfaMailProvider -SmtpServer 127.0.0.1 -Port $smtp.Port -Security None -From mfa@corp.example -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue
        $warned[0] | Should -Match 'in clear'
        # The test server requires STARTTLS: nothing goes out in clear.
        (Test-RasMfaDeliveryProvider Email helpdesk@corp.example).Delivered | Should -BeFalse
    }

    It 'stores nothing under -WhatIf' {
        Set-TestMailProvider | Out-Null
        $before = Get-RasMfaDeliveryProvider -Kind Email
        Set-RasMfaMailProvider -SmtpServer other.example -From x@corp.example -WhatIf
        (Get-RasMfaDeliveryProvider -Kind Email).Settings | Should -Be $before.Settings
    }

    It 'removes the provider, after which Get and Test say there is none' {
        Remove-RasMfaDeliveryProvider -Kind Email -Confirm:$false
        Get-RasMfaDeliveryProvider -Kind Email -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'DeliveryProviderNotFound,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        @(Get-RasMfaDeliveryProvider).Count | Should -Be 0
    }
}

Describe 'Send-RasMfaEnrollment and Confirm-RasMfaEnrollment' {
    BeforeAll {
        New-RasMfaUser -UserName carol -Email carol@corp.example | Out-Null
        New-RasMfaUser -UserName dave | Out-Null
    }

    It 'without a mail provider, says so and adds no token' {
        Get-RasMfaDeliveryProvider | ForEach-Object { Remove-RasMfaDeliveryProvider -Kind $_.Kind -Confirm:$false }
        Send-RasMfaEnrollment -UserName carol -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'MailProviderNotSet,*'
        @(Get-RasMfaToken).Count | Should -Be 0
    }

    It 'a mail the server refuses adds no token and says why' {
        Set-TestMailProvider -Password 'Not-The-Relay-Passw0rd' | Out-Null
        Send-RasMfaEnrollment -UserName carol -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'EnrollmentMailNotSent,*'
        $failure[0].Exception.Message | Should -Match 'authentication'
        $failure[0].Exception.Message | Should -Match 'No token was added'
        @(Get-RasMfaToken).Count | Should -Be 0
    }

    It 'a user without an e-mail address gets an error with an id' {
        Set-TestMailProvider | Out-Null
        Send-RasMfaEnrollment -UserName dave -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RasMfaUserHasNoEmail,*'
    }

    It 'mails the QR code inline and the link; the help desk confirms it with a current code' {
        $sent = Send-RasMfaEnrollment -UserName carol -Confirm:$false
        $sent.Recipient | Should -Be 'carol@corp.example'
        $sent.PendingSerial | Should -BeLike 'ENROL-*'
        $mail = @(Get-TestMail $smtp)[-1]
        $mail.rcpt_tos | Should -Be @('carol@corp.example')
        $mail.message.subject | Should -Match 'authenticator'
        $mail.message.text -match 'otpauth://totp/RasMfa:carol\?secret=([A-Z2-7]+)' | Should -BeTrue
        $secret = $Matches[1]
        $mail.message.html | Should -Match 'cid:rasmfa-enrollment-qr'
        $image = @($mail.message.images)[0]
        $image.content_id | Should -Be 'rasmfa-enrollment-qr'
        $image.media_type | Should -Be 'image/png'
        [System.Text.Encoding]::ASCII.GetString([Convert]::FromBase64String($image.base64), 1, 3) | Should -Be 'PNG'

        (Get-RasMfaUser carol).TokenSerials | Should -BeNullOrEmpty
        (Get-RasMfaToken -Serial $sent.PendingSerial).PendingEnrollment | Should -BeTrue

        Confirm-RasMfaEnrollment -UserName carol -Code '000000' -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        if ((Get-OathCode -Secret $secret) -ne '000000') { $failure[0].FullyQualifiedErrorId | Should -BeLike 'EnrollmentCodeWrong,*' }
        Wait-FreshTotpStep
        $confirmed = Confirm-RasMfaEnrollment -UserName carol -Code (Get-OathCode -Secret $secret) -Confirm:$false
        (Get-RasMfaUser carol).TokenSerials | Should -Be @($confirmed.Serial)
        Test-Code carol (Get-OathCode -Secret $secret -StepOffset 1) | Should -BeTrue
    }
}

Describe 'A mailed enrolment confirmed at the user''s first login, over radclient' {
    BeforeAll {
        Set-TestMailProvider | Out-Null
        New-RasMfaUser -UserName erin -Email erin@corp.example | Out-Null
        New-RasMfaUser -UserName frank -Email frank@corp.example | Out-Null
        function Send-Code([string] $UserName, [string] $Code) {
            Invoke-Radclient -Server "127.0.0.1:$port" -Command auth -Secret $secretText -TimeoutSeconds 15 `
                -Attributes @("User-Name = `"$UserName`"", "User-Password = `"$Code`"", 'Message-Authenticator = 0x00')
        }
        function Get-MailedSecret([string] $UserName) {
            $mail = @(Get-TestMail $smtp | Where-Object { $_.rcpt_tos -contains "$UserName@corp.example" })[-1]
            if ($mail.message.text -notmatch "otpauth://totp/RasMfa:$UserName\?secret=([A-Z2-7]+)") { throw "No otpauth link in the mail to $UserName." }
            $Matches[1]
        }
    }

    It 'sets and shows EnrollmentPendingHours, and refuses one out of range with an error id' {
        Set-RasMfaConfiguration -EnrollmentPendingHours 48 -Confirm:$false
        (Get-RasMfaConfiguration).EnrollmentPendingHours | Should -Be 48
        { Set-RasMfaConfiguration -EnrollmentPendingHours 721 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidConfiguration,*'
        { Set-RasMfaConfiguration -EnrollmentPendingHours 0 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidConfiguration,*'
        (Get-RasMfaConfiguration).EnrollmentPendingHours | Should -Be 48
    }

    It 'radclient logs in with a code computed from the mailed link: Accept, the token is confirmed, the audit log says so' {
        $sent = Send-RasMfaEnrollment -UserName erin -Confirm:$false
        $sent.ExpiresUtc | Should -BeGreaterThan ([DateTime]::UtcNow.AddHours(47))
        $sent.ExpiresUtc | Should -BeLessThan ([DateTime]::UtcNow.AddHours(49))
        $secret = Get-MailedSecret erin
        (Get-RasMfaToken -Serial $sent.PendingSerial).PendingEnrollment | Should -BeTrue

        Wait-FreshTotpStep
        $answer = Send-Code erin (Get-OathCode -Secret $secret)
        $answer.Code | Should -Be 'Access-Accept' -Because $answer.Output

        $token = @(Get-RasMfaToken -UserName erin)
        $token.Count | Should -Be 1
        $token[0].Serial | Should -BeLike 'TOTP-*'
        $token[0].PendingEnrollment | Should -BeFalse
        $token[0].LastUsed | Should -Not -BeNullOrEmpty
        Get-RasMfaToken -Serial $sent.PendingSerial -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $log = @(Get-RasMfaAuthenticationLog -UserName erin)
        ($log | Where-Object Result -eq 'EnrollmentSent').Reason | Should -Match ([regex]::Escape($sent.PendingSerial))
        $log | ForEach-Object { $_.Reason | Should -Not -Match $secret }
        ($log | Where-Object Result -eq 'Accept').Reason | Should -Match 'mailed enrolment confirmed at login'
        (Send-Code erin (Get-OathCode -Secret $secret)).Code | Should -Be 'Access-Reject' -Because 'the confirming code is used up'
    }

    It 'a failed mail is audited with the reason, and a user holding a token does not confirm at login' {
        Set-TestMailProvider -Password 'Not-The-Relay-Passw0rd' | Out-Null
        Send-RasMfaEnrollment -UserName frank -Confirm:$false -ErrorAction SilentlyContinue
        (Get-RasMfaAuthenticationLog -UserName frank | Where-Object Result -eq 'EnrollmentNotSent').Reason | Should -Match 'authentication'
        Set-TestMailProvider | Out-Null
        $held = Register-RasMfaTotp -UserName frank -Confirm:$false
        $sent = Send-RasMfaEnrollment -UserName frank -Confirm:$false
        $secret = Get-MailedSecret frank
        Wait-FreshTotpStep
        (Send-Code frank (Get-OathCode -Secret $secret)).Code | Should -Be 'Access-Reject'
        (Get-RasMfaUser frank).TokenSerials | Should -Be @($held.Serial)
        (Get-RasMfaToken -Serial $sent.PendingSerial).PendingEnrollment | Should -BeTrue
    }

    It 'no other cmdlet gives, moves or makes a token with the ENROL- prefix: each refuses with an error id' {
        $sent = Send-RasMfaEnrollment -UserName frank -Confirm:$false
        Set-RasMfaUser -UserName erin -TokenSerial $sent.PendingSerial -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'PendingEnrollmentNotAssignable,*'
        Set-RasMfaUser -UserName frank -TokenSerial $sent.PendingSerial -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'PendingEnrollmentNotAssignable,*'

        $csv = Join-Path $folder 'reserved.csv'
        Set-Content -Path $csv -Value @('Serial,Secret,Type,Digits,Period,UserName',
            'ENROL-1-ABCDEF012345,3132333435363738393031323334353637383930,TOTP,6,30,erin',
            'HW-OK-1,3132333435363738393031323334353637383930,TOTP,6,30,')
        Import-RasMfaOathToken -Path $csv -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'ReservedTokenSerial,*'
        Get-RasMfaToken -Serial 'HW-OK-1' | Should -Not -BeNullOrEmpty
        Get-RasMfaToken -Serial 'ENROL-1-ABCDEF012345' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        # Register-RasMfaTotp takes no serial: its tokens are TOTP-..., never ENROL-.
        (Register-RasMfaTotp -UserName erin -Confirm:$false).Serial | Should -BeLike 'TOTP-*'
    }
}

Describe 'A code by e-mail at login, through the listener (RAS''s "email" automation keyword)' {
    BeforeAll {
        Set-TestMailProvider | Out-Null
        Set-RasMfaRadiusClient ras -AllowedMethod Totp, Email -Keyword @{ email = 'email' }
        New-RasMfaUser -UserName dora | Out-Null
        Set-RasMfaUser dora -Email 'dora@corp.example' -Method Email -DefaultMethod Email
        # The running listener reads the provider, client and user changes at its next poll.
        Start-Sleep -Seconds 3

        function Send-Radclient([string] $UserName, [string] $Password, [string] $State) {
            $attributes = @("User-Name = `"$UserName`"", "User-Password = `"$Password`"", 'Message-Authenticator = 0x00')
            if ($State) { $attributes += "State = $State" }
            Invoke-Radclient -Server "127.0.0.1:$port" -Command auth -Secret $secretText -Attributes $attributes -TimeoutSeconds 15
        }
        function Get-Reply($Reply, [string] $Name) { ($Reply.Attributes | Where-Object { $_ -like "$Name = *" }) -replace "^$Name = `"?(.*?)`"?$", '$1' }
    }

    It 'mails a code over STARTTLS with AUTH, names the masked address, and radclient logs in with the code once' {
        $before = @(Get-TestMail $smtp).Count
        $first = Send-Radclient dora email
        $first.Code | Should -Be 'Access-Challenge' -Because $first.Output
        Get-Reply $first 'Reply-Message' | Should -Match 'd•••@corp\.example'
        $state = Get-Reply $first 'State'
        $mails = @(Get-TestMail $smtp)
        $mails.Count | Should -Be ($before + 1)
        $mail = $mails[-1]
        $mail.rcpt_tos | Should -Be @('dora@corp.example')
        $mail.login | Should -Be 'relay'
        $code = [regex]::Match($mail.message.text, '\b\d{6}\b').Value
        $code | Should -Not -BeNullOrEmpty

        $wrong = Send-Radclient dora ('{0:D6}' -f (([int]$code + 1) % 1000000)) $state
        $wrong.Code | Should -Be 'Access-Challenge' -Because 'a wrong code asks again within the challenge'
        $accepted = Send-Radclient dora $code (Get-Reply $wrong 'State')
        $accepted.Code | Should -Be 'Access-Accept' -Because $accepted.Output
        (Send-Radclient dora $code (Get-Reply $wrong 'State')).Code | Should -Be 'Access-Reject' -Because 'the challenge was spent'
        $record = Get-RasMfaAuthenticationLog -UserName dora | Where-Object Result -eq 'Accept' | Select-Object -First 1
        $record.Method | Should -BeLike 'Email*'
    }
}
