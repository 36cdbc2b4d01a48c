# Push approval as an admin sets it up: the webhook provider (its secret never shown), -Via, the approval page, the push
# settings, and the errors each refuses with.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:folder = Split-Path $env:RASMFA_DATABASE
}

AfterAll {
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'Set-RasMfaPushProvider and Get-RasMfaPushProvider' {
    It 'stores a webhook whose secret is shown only as set' {
        $secret = ConvertTo-TestSecret 'ntfy-token-123'
        $shown = Set-RasMfaPushProvider -Url https://ntfy.corp.example/rasmfa -Secret $secret -SecretPrefix 'Bearer ' -Header @{ 'X-Title' = 'RasMfa' } -ContentType 'text/plain' -Body 'Sign-in for {user}: {link}' -PassThru
        $shown.NotifyBy | Should -Be 'Webhook'
        $read = Get-RasMfaPushProvider
        $read.Url | Should -Be 'https://ntfy.corp.example/rasmfa'
        $read.SecretHeader | Should -Be 'Authorization'
        $read.HasSecret | Should -BeTrue
        $read.HeaderNames | Should -Be @('X-Title')
        ($read | Out-String) | Should -Not -Match 'ntfy-token-123'
    }

    It 'refuses a plain http URL, and a body that would carry the number, with their error id' {
        { Set-RasMfaPushProvider -Url http://hook.corp.example/ -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidDeliveryProviderSettings,*'
        { Set-RasMfaPushProvider -Url https://hook.corp.example/ -Body '{"l":"{link}","n":"{number}"}' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidDeliveryProviderSettings,*'
        (Get-RasMfaPushProvider).Url | Should -Be 'https://ntfy.corp.example/rasmfa'
    }

    It 'takes a URL that is its own credential as {secret}, and refuses the credential written in clear' {
        $sig = ConvertTo-TestSecret 'Zm9vYmFyc2lnbmF0dXJl'
        $teams = 'https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig='
        { Set-RasMfaPushProvider -Url ($teams + 'Zm9vYmFyc2lnbmF0dXJl') -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidDeliveryProviderSettings,*'
        { Set-RasMfaPushProvider -Url https://hook.corp.example/ -Header @{ Authorization = 'Bearer tk_live_0123' } -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidDeliveryProviderSettings,*'
        Set-RasMfaPushProvider -Url ($teams + '{secret}') -Secret $sig
        $read = Get-RasMfaPushProvider
        $read.Url | Should -Be ($teams + '{secret}')
        $read.HasSecret | Should -BeTrue
        $read.SecretHeader | Should -BeNullOrEmpty
        ($read | Out-String) | Should -Not -Match 'Zm9vYmFyc2lnbmF0dXJl'
        Set-RasMfaPushProvider -Url https://ntfy.corp.example/rasmfa -Secret (ConvertTo-TestSecret 'ntfy-token-123') -SecretPrefix 'Bearer ' -ContentType 'text/plain' -Body 'Sign-in for {user}: {link}'
    }

    It 'sends by e-mail with -Via Email, and back to the webhook when one is set again' {
        (Set-RasMfaPushProvider -Via Email -PassThru).NotifyBy | Should -Be 'Email'
        (Get-RasMfaConfiguration).PushNotifyBy | Should -Be 'Email'
        (Set-RasMfaPushProvider -Url https://hook.corp.example/ -PassThru).NotifyBy | Should -Be 'Webhook'
    }
}

Describe 'Set-RasMfaApprovalPage and Get-RasMfaApprovalPage' {
    It 'has none until one is set' {
        { Get-RasMfaApprovalPage -ErrorAction Stop } | Should -Throw -ErrorId 'ApprovalPageNotSet,*'
    }

    It 'sets a lab page on loopback with a self-signed certificate' {
        $page = Set-RasMfaApprovalPage -SelfSignedLoopback -Port 18443 -PublicUrl https://127.0.0.1:18443/ -PassThru
        $page.Address | Should -Be '127.0.0.1'
        $page.SelfSignedLoopback | Should -BeTrue
        (Get-RasMfaApprovalPage).Port | Should -Be 18443
    }

    It 'keeps a PFX password sealed and shows only that one is set' {
        $pfx = Join-Path $folder 'page.pfx'
        Set-Content -Path $pfx -Value 'not read until the listener starts'
        Set-RasMfaApprovalPage -CertificatePath $pfx -CertificatePassword (ConvertTo-TestSecret 'pfx-pass-9') -PublicUrl https://mfa.corp.example/
        $page = Get-RasMfaApprovalPage
        $page.HasCertificatePassword | Should -BeTrue
        $page.CertificatePath | Should -Be $pfx
        ($page | Out-String) | Should -Not -Match 'pfx-pass-9'
    }

    It 'refuses a public URL that is not https, a self-signed page off loopback, and a missing PFX' {
        { Set-RasMfaApprovalPage -SelfSignedLoopback -PublicUrl http://127.0.0.1:8443/ -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidApprovalPage,*'
        { Set-RasMfaApprovalPage -SelfSignedLoopback -Address 0.0.0.0 -PublicUrl https://mfa.corp.example/ -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidApprovalPage,*'
        { Set-RasMfaApprovalPage -CertificatePath (Join-Path $folder 'none.pfx') -PublicUrl https://mfa.corp.example/ -ErrorAction Stop } | Should -Throw -ErrorId 'CertificateFileNotFound,*'
    }
}

Describe 'The push settings' {
    It 'sets the timeout and the caps, and refuses a timeout RAS would not wait for' {
        $settings = Set-RasMfaConfiguration -PushTimeoutSeconds 20 -MaxHeldPushRequests 500 -MaxHeldPushRequestsPerClient 100 -PassThru
        $settings.PushTimeoutSeconds | Should -Be 20
        $settings.MaxHeldPushRequestsPerClient | Should -Be 100
        { Set-RasMfaConfiguration -PushTimeoutSeconds 60 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidConfiguration,*'
        { Set-RasMfaConfiguration -MaxHeldPushRequestsPerClient 501 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidConfiguration,*'
    }
}
