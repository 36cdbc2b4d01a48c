# Bypass codes end to end: made with New-RasMfaBypassCode, then typed into RAS's OTP field, as radclient sends it.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:port = Get-FreeUdpPort
    $script:secretText = 'bypass-codes-shared-secret-0123456789'
    $script:server = "127.0.0.1:$port"
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1

    function Send-Radclient([string] $UserName, [string] $Password, [string] $State) {
        $attributes = @("User-Name = `"$UserName`"", "User-Password = `"$Password`"", 'Message-Authenticator = 0x00')
        if ($State) { $attributes += "State = $State" }
        Invoke-Radclient -Server $server -Command auth -Secret $secretText -Attributes $attributes
    }

    function Get-ReplyState($Reply) { ($Reply.Attributes | Where-Object { $_ -like 'State = *' }) -replace '^State = ', '' }

    New-RasMfaUser -UserName alice | Out-Null
    Register-RasMfaTotp -UserName alice | Out-Null
    New-RasMfaUser -UserName bob | Out-Null
    Register-RasMfaTotp -UserName bob | Out-Null
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Remove-Item (Split-Path $env:RASMFA_DATABASE) -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'New-RasMfaBypassCode, then radclient' {
    It 'logs in once with a single-use code (audited as Bypass) and rejects its second use' {
        $issued = New-RasMfaBypassCode -UserName alice
        $issued.Code | Should -Match '^[0-9]{12}$'
        $reply = Send-Radclient -UserName alice -Password $issued.Code
        $reply.Code | Should -Be 'Access-Accept' -Because $reply.Output
        (Get-RasMfaAuthenticationLog -UserName alice -Last 1).Method | Should -Be 'Bypass/PAP'
        (Send-Radclient -UserName alice -Password $issued.Code).Code | Should -Be 'Access-Reject'
        (Get-RasMfaBypassCode -UserName alice | Where-Object Id -eq $issued.Id).UsesLeft | Should -Be 0
    }

    It 'rejects an expired code' {
        $issued = New-RasMfaBypassCode -UserName alice -ValidFor (New-TimeSpan -Seconds 2)
        Start-Sleep -Seconds 3
        (Send-Radclient -UserName alice -Password $issued.Code).Code | Should -Be 'Access-Reject'
        (Get-RasMfaBypassCode -UserName alice | Where-Object Id -eq $issued.Id).Usable | Should -BeFalse
    }

    It 'answers the challenge the app began' {
        $issued = New-RasMfaBypassCode -UserName bob
        $first = Send-Radclient -UserName bob -Password ''
        $first.Code | Should -Be 'Access-Challenge' -Because $first.Output
        (Send-Radclient -UserName bob -Password $issued.Code -State (Get-ReplyState $first)).Code | Should -Be 'Access-Accept'
    }

    It 'makes several codes with several uses, from the pipeline' {
        $issued = [pscustomobject]@{ UserName = 'bob' } | New-RasMfaBypassCode -Count 3 -Uses 2 -ValidFor (New-TimeSpan -Days 7)
        $issued | Should -HaveCount 3
        ($issued.Code | Sort-Object -Unique) | Should -HaveCount 3
        (Send-Radclient -UserName bob -Password $issued[1].Code).Code | Should -Be 'Access-Accept'
        (Send-Radclient -UserName bob -Password $issued[1].Code).Code | Should -Be 'Access-Accept'
        (Send-Radclient -UserName bob -Password $issued[1].Code).Code | Should -Be 'Access-Reject'
    }
}

Describe 'Get- and Remove-RasMfaBypassCode' {
    It 'lists codes without the code, with who made them' {
        New-RasMfaBypassCode -UserName alice | Out-Null
        $listed = Get-RasMfaBypassCode -UserName alice
        $listed | Should -Not -BeNullOrEmpty
        $listed[0].PSObject.Properties.Name | Should -Not -Contain 'Code'
        $listed[0].CreatedBy | Should -Match 'New-RasMfaBypassCode'
    }

    It 'removes nothing with -WhatIf, then removes by pipeline, and the removed code no longer logs in' {
        $issued = New-RasMfaBypassCode -UserName alice
        Get-RasMfaBypassCode -UserName alice | Where-Object Id -eq $issued.Id | Remove-RasMfaBypassCode -WhatIf
        Get-RasMfaBypassCode -UserName alice | Where-Object Id -eq $issued.Id | Should -Not -BeNullOrEmpty
        Get-RasMfaBypassCode -UserName alice | Where-Object Id -eq $issued.Id | Remove-RasMfaBypassCode -Confirm:$false
        Get-RasMfaBypassCode -UserName alice | Where-Object Id -eq $issued.Id | Should -BeNullOrEmpty
        (Send-Radclient -UserName alice -Password $issued.Code).Code | Should -Be 'Access-Reject'
        $removal = Get-RasMfaAuthenticationLog -UserName alice | Where-Object Result -eq 'BypassCodeRemoved' | Select-Object -Last 1
        $removal.Reason | Should -Match "code $($issued.Id) removed by .*Remove-RasMfaBypassCode"
    }

    It 'removes every code of a user' {
        New-RasMfaBypassCode -UserName bob | Out-Null
        Remove-RasMfaBypassCode -UserName bob -Confirm:$false
        Get-RasMfaBypassCode -UserName bob | Should -BeNullOrEmpty
    }

    It 'audits the creation in the authentication log' {
        New-RasMfaBypassCode -UserName alice -Count 2 | Out-Null
        $created = Get-RasMfaAuthenticationLog -UserName alice | Where-Object Result -eq 'BypassCodeCreated' | Select-Object -Last 1
        $created.Method | Should -Be 'Bypass'
        $created.Reason | Should -Match '^2 code\(s\) created by .*New-RasMfaBypassCode'
    }
}

Describe 'Errors' {
    It 'refuses an unknown user with RasMfaUserNotFound' {
        New-RasMfaBypassCode -UserName nobody -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -Match '^RasMfaUserNotFound'
    }

    It 'refuses a bad count, uses or validity with their ids' {
        New-RasMfaBypassCode -UserName alice -Count 11 -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -Match '^BypassCodeCountOutOfRange'
        New-RasMfaBypassCode -UserName alice -Uses 0 -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -Match '^BypassCodeUsesOutOfRange'
        New-RasMfaBypassCode -UserName alice -ValidFor (New-TimeSpan -Days 31) -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -Match '^BypassCodeValidForOutOfRange'
    }

    It 'refuses an unknown id with BypassCodeNotFound' {
        Remove-RasMfaBypassCode -Id 999999 -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -Match '^BypassCodeNotFound'
    }
}
