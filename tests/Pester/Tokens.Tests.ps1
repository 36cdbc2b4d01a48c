# Tokens as an admin hands them out: app enrolment with a QR code, hardware tokens from CSV and PSKC, resync.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:folder = Split-Path $env:RASMFA_DATABASE
    $script:port = Get-FreeUdpPort
    $script:secretText = 'tokens-test-shared-secret-0123456789'
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1

    function Test-Code([string] $UserName, [string] $Code) {
        Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret (ConvertTo-TestSecret $secretText) -UserName $UserName -Password (ConvertTo-TestSecret $Code) -Quiet
    }
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'Register-RasMfaTotp' {
    BeforeAll { New-RasMfaUser -UserName alice | Out-Null }

    It 'returns a 160-bit secret once, an otpauth URI and a QR code PNG, and the code it gives logs in' {
        $png = Join-Path $folder 'alice.png'
        $registration = Register-RasMfaTotp -UserName alice -Issuer 'Contoso RAS' -QrCodePath $png
        $registration.Secret.Length | Should -BeGreaterOrEqual 32
        $registration.OtpAuthUri | Should -Be "otpauth://totp/Contoso%20RAS:alice?secret=$($registration.Secret)&issuer=Contoso%20RAS&algorithm=SHA1&digits=6&period=30"
        $bytes = [System.IO.File]::ReadAllBytes($png)
        [System.Text.Encoding]::ASCII.GetString($bytes, 1, 3) | Should -Be 'PNG'
        Wait-FreshTotpStep
        Test-Code alice (Get-OathCode -Secret $registration.Secret) | Should -BeTrue
        $script:aliceSecret = $registration.Secret
    }

    It 'registered again, adds a second app beside the first, and either app''s code logs in' {
        $first = (Get-RasMfaUser alice).DefaultTokenSerial
        $second = Register-RasMfaTotp -UserName alice -WarningVariable warned -WarningAction SilentlyContinue
        $warned | Should -BeNullOrEmpty
        $second.ReplacedSerials | Should -BeNullOrEmpty
        $user = Get-RasMfaUser alice
        $user.TokenSerials | Should -Be @($first, $second.Serial)
        $user.DefaultTokenSerial | Should -Be $first
        Wait-FreshTotpStep
        Test-Code alice (Get-OathCode -Secret $aliceSecret -StepOffset 1) | Should -BeTrue
        Test-Code alice (Get-OathCode -Secret $second.Secret -StepOffset 1) | Should -BeTrue
        $script:aliceTokens = @($first, $second.Serial)
    }

    It 'makes another of the user''s tokens the default with Set-RasMfaUser -DefaultTokenSerial, and refuses one the user does not hold' {
        $user = Set-RasMfaUser alice -DefaultTokenSerial $aliceTokens[1] -PassThru
        $user.DefaultTokenSerial | Should -Be $aliceTokens[1]
        $user.TokenSerials | Should -Be @($aliceTokens[1], $aliceTokens[0])
        (Get-RasMfaUser alice).DefaultTokenSerial | Should -Be $aliceTokens[1]
        Set-RasMfaUser alice -DefaultTokenSerial NOPE -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'TokenNotHeldByUser,*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-RasMfaUser alice).DefaultTokenSerial | Should -Be $aliceTokens[1]
    }

    It 'with -Force replaces every token the user has, and warns for each' {
        $new = Register-RasMfaTotp -UserName alice -Force -WarningVariable warned -WarningAction SilentlyContinue
        $warned.Count | Should -Be 2
        @($new.ReplacedSerials | Sort-Object) | Should -Be @($aliceTokens | Sort-Object)
        $new.Secret | Should -Not -Be $aliceSecret
        (Get-RasMfaUser alice).TokenSerials | Should -Be @($new.Serial)
        Get-RasMfaToken | Where-Object Serial -in $aliceTokens | Should -BeNullOrEmpty
        Wait-FreshTotpStep
        Test-Code alice (Get-OathCode -Secret $new.Secret -StepOffset 1) | Should -BeTrue
    }

    It 'enrols 8-digit SHA-256 tokens' {
        New-RasMfaUser -UserName bob | Out-Null
        $registration = Register-RasMfaTotp -UserName bob -Digits 8 -Algorithm Sha256
        $registration.OtpAuthUri | Should -Match 'algorithm=SHA256&digits=8'
        Wait-FreshTotpStep
        Test-Code bob (Get-OathCode -Secret $registration.Secret -Digits 8 -Algorithm Sha256) | Should -BeTrue
    }

    It 'never shows a secret in Get-RasMfaToken or Get-RasMfaUser' {
        $tokens = Get-RasMfaToken
        $tokens.Count | Should -Be 2
        $tokens[0].PSObject.Properties.Name | Should -Not -Contain 'Secret'
        ($tokens | Format-List * | Out-String) + (Get-RasMfaUser | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($aliceSecret))
        (Get-RasMfaUser alice).Enrolled | Should -BeTrue
    }
}

Describe 'Import-RasMfaOathToken' {
    It 'imports a CSV file, assigning tokens to named users, and reports each bad row' {
        New-RasMfaUser -UserName carol | Out-Null
        $csv = Join-Path $folder 'tokens.csv'
        Set-Content $csv -Value @(
            'Serial,Secret,Type,Digits,Period,UserName'
            'HW-0001,3132333435363738393031323334353637383930,HOTP,6,,carol'
            'HW-0002,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,TOTP,6,30,'
            'HW-0003,zz,TOTP,6,30,'
            'HW-0004,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,TOTP,6,30,nobody'
        )
        $imported = Import-RasMfaOathToken -Path $csv -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue
        $imported.Serial | Should -Be @('HW-0001', 'HW-0002')
        $failures.Count | Should -Be 2
        $failures[0].Exception.Message | Should -Match 'tokens.csv, line 4'
        (Get-RasMfaToken HW-0001).UserName | Should -Be 'carol'
        (Get-RasMfaToken -Unassigned).Serial | Should -Be 'HW-0002'
    }

    It 'accepts the hardware token''s HOTP codes once each' {
        Test-Code carol '755224' | Should -BeTrue
        Test-Code carol '755224' | Should -BeFalse
        Test-Code carol '287082' | Should -BeTrue
    }

    It 'refuses a serial imported twice' {
        $csv = Join-Path $folder 'again.csv'
        Set-Content $csv -Value @('Serial,Secret,Type', 'HW-0002,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,TOTP')
        Import-RasMfaOathToken -Path $csv -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].Exception.Message | Should -Match 'already exists'
    }

    It 'imports an encrypted PSKC file with the pre-shared key, and Set-RasMfaUser hands the token out' {
        $pskc = Join-Path $folder 'vendor.pskc'
        Set-Content $pskc -Value @'
<?xml version="1.0" encoding="UTF-8"?>
<pskc:KeyContainer xmlns:pskc="urn:ietf:params:xml:ns:keyprov:pskc" xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Version="1.0">
  <pskc:EncryptionKey><ds:KeyName>Pre-shared-key</ds:KeyName></pskc:EncryptionKey>
  <pskc:MACMethod Algorithm="http://www.w3.org/2000/09/xmldsig#hmac-sha1">
    <pskc:MACKey>
      <xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
      <xenc:CipherData><xenc:CipherValue>ESIzRFVmd4iZABEiM0RVZgKn6WjLaTC1sbeBMSvIhRejN9vJa2BOlSaMrR7I5wSX</xenc:CipherValue></xenc:CipherData>
    </pskc:MACKey>
  </pskc:MACMethod>
  <pskc:KeyPackage>
    <pskc:DeviceInfo><pskc:SerialNo>987654321</pskc:SerialNo></pskc:DeviceInfo>
    <pskc:Key Id="12345678" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp">
      <pskc:AlgorithmParameters><pskc:ResponseFormat Length="8" Encoding="DECIMAL"/></pskc:AlgorithmParameters>
      <pskc:Data>
        <pskc:Secret>
          <pskc:EncryptedValue>
            <xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
            <xenc:CipherData><xenc:CipherValue>AAECAwQFBgcICQoLDA0OD+cIHItlB3Wra1DUpxVvOx2lef1VmNPCMl8jwZqIUqGv</xenc:CipherValue></xenc:CipherData>
          </pskc:EncryptedValue>
          <pskc:ValueMAC>Su+NvtQfmvfJzF6bmQiJqoLRExc=</pskc:ValueMAC>
        </pskc:Secret>
        <pskc:Counter><pskc:PlainValue>0</pskc:PlainValue></pskc:Counter>
      </pskc:Data>
    </pskc:Key>
  </pskc:KeyPackage>
</pskc:KeyContainer>
'@
        Import-RasMfaOathToken -Path $pskc -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].Exception.Message | Should -Match 'pre-shared key'
        $token = Import-RasMfaOathToken -Path $pskc -PreSharedKey (ConvertTo-TestSecret '12345678901234567890123456789012') -PassThru
        $token.Serial | Should -Be '987654321'
        $token.Digits | Should -Be 8
        New-RasMfaUser -UserName dave | Out-Null
        Set-RasMfaUser -UserName dave -TokenSerial 987654321
        (Get-RasMfaUser dave).TokenSerials | Should -Be @('987654321')
        Test-Code dave '84755224' | Should -BeTrue
    }

    It 'refuses an encrypted PSKC file without a MAC key as a whole, and imports nothing of it' {
        $pskc = Join-Path $folder 'vendor.pskc'
        $unchecked = Join-Path $folder 'unchecked.pskc'
        $text = (Get-Content $pskc -Raw) -replace '(?s)<pskc:MACMethod.*</pskc:MACMethod>', '' -replace '987654321', 'UNCHECKED-1'
        Set-Content $unchecked -Value $text
        Import-RasMfaOathToken -Path $unchecked -PreSharedKey (ConvertTo-TestSecret '12345678901234567890123456789012') -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PskcMacKeyMissing,*'
        Import-RasMfaOathToken -Path $pskc -PreSharedKey (ConvertTo-TestSecret '00000000000000000000000000000000') -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PskcMacKeyUndecryptable,*'
        Get-RasMfaToken | Where-Object Serial -eq 'UNCHECKED-1' | Should -BeNullOrEmpty
    }

    It 'writes one error per malformed key package and imports the others' {
        $mixed = Join-Path $folder 'mixed.pskc'
        $package = {
            param($serial, $secret, $counter)
            "<KeyPackage><DeviceInfo><SerialNo>$serial</SerialNo></DeviceInfo><Key Algorithm=`"urn:ietf:params:xml:ns:keyprov:pskc:hotp`"><Data><Secret><PlainValue>$secret</PlainValue></Secret><Counter><PlainValue>$counter</PlainValue></Counter></Data></Key></KeyPackage>"
        }
        $good = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA='
        Set-Content $mixed -Value ('<KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc">' +
            (& $package 'PSKC-BAD-1' '***' 0) + (& $package 'PSKC-BAD-2' $good 'twelve') + (& $package 'PSKC-GOOD' $good 3) + '</KeyContainer>')
        $token = Import-RasMfaOathToken -Path $mixed -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 2
        $failures | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'InvalidOathTokenRow,*' }
        $failures[0].Exception.Message | Should -Match 'KeyPackage 1'
        $failures[1].Exception.Message | Should -Match 'KeyPackage 2'
        $token.Serial | Should -Be 'PSKC-GOOD'
    }

    It 'gives a second token to a user who has one, and the first stays the default' {
        Set-RasMfaUser -UserName dave -TokenSerial HW-0002
        $dave = Get-RasMfaUser dave
        $dave.TokenSerials | Should -Be @('987654321', 'HW-0002')
        $dave.DefaultTokenSerial | Should -Be '987654321'
    }
}

Describe 'Sync-RasMfaToken and Remove-RasMfaToken' {
    It 'resynchronises an HOTP token that ran ahead, from two consecutive codes' {
        $secret = '3132333435363738393031323334353637383930'
        Test-Code carol (Get-OathCode -Secret $secret -Counter 40) | Should -BeFalse
        { Sync-RasMfaToken -Serial HW-0001 -FirstCode (Get-OathCode -Secret $secret -Counter 40) -SecondCode (Get-OathCode -Secret $secret -Counter 42) -ErrorAction Stop } |
            Should -Throw -ErrorId 'TokenSyncFailed,*'
        $result = Sync-RasMfaToken -Serial HW-0001 -FirstCode (Get-OathCode -Secret $secret -Counter 40) -SecondCode (Get-OathCode -Secret $secret -Counter 41)
        $result.Position | Should -Be 42
        Test-Code carol (Get-OathCode -Secret $secret -Counter 42) | Should -BeTrue
        Unlock-RasMfaUser carol
    }

    It 'removes a token, after which its user is refused as not enrolled' {
        Remove-RasMfaToken -Serial HW-0001 -Confirm:$false
        Test-Code carol (Get-OathCode -Secret '3132333435363738393031323334353637383930' -Counter 43) | Should -BeFalse
        (Get-RasMfaAuthenticationLog -UserName carol -Last 1).Reason | Should -Be 'not enrolled'
        Remove-RasMfaToken -Serial HW-0001 -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'TokenNotFound,*'
    }
}
