# Set-RasMfaSmsProvider and Set-RasMfaVoiceProvider as an admin uses them, and an SMS gateway on loopback (an
# HttpListener) receiving what RasMfa sends through the provider they set: Test-RasMfaDeliveryProvider's message, and,
# for messages of the test's own choosing, the engine's DeliveryProviderService.SendTestAsync that the cmdlet calls.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    Add-Type -AssemblyName System.Web

    function Get-FreeTcpPort {
        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $probe.Start()
        try { $probe.LocalEndpoint.Port } finally { $probe.Stop() }
    }

    # On PowerShell 7 the engine loads in the module's own load context, out of reach by type name: its assembly is
    # found through a cmdlet's output type instead.
    $script:engine = (Get-Command Set-RasMfaSmsProvider).ImplementingType.Assembly.GetType('RasMfa.Cmdlets.Delivery.RasMfaDeliveryProvider').GetProperty('Kind').PropertyType.Assembly
    function Get-EngineType([string] $Name) { $engine.GetType("RasMfa.Engine.$Name", $true) }

    function Use-ProviderService([scriptblock] $Action) {
        $store = (Get-EngineType 'Storage.StoreSelection')::Current().Open()
        try { & $Action ([Activator]::CreateInstance((Get-EngineType 'Delivery.DeliveryProviderService'), @($store.DeliveryProviders, $null))) }
        finally { $store.Dispose() }
    }

    # Sends one message through the stored SMS provider while the listener takes the request and answers it.
    function Send-ThroughGateway([string] $Text, [int] $Status = 200, [string] $Answer = 'OK') {
        Use-ProviderService {
            param($service)
            $kind = [Enum]::Parse((Get-EngineType 'Delivery.DeliveryKind'), 'Sms')
            $message = [Activator]::CreateInstance((Get-EngineType 'Delivery.OutgoingMessage'), @('+15550100101', 'RasMfa test', $Text, $null, $null))
            $sending = $service.SendTestAsync($kind, $message, [System.Threading.CancellationToken]::None, $null)
            $arriving = $listener.GetContextAsync()
            if (-not $arriving.Wait(15000)) { throw 'The gateway got no request within 15 s.' }
            $context = $arriving.Result
            $reader = [System.IO.StreamReader]::new($context.Request.InputStream, [System.Text.Encoding]::UTF8)
            $received = [pscustomobject]@{
                Method        = $context.Request.HttpMethod
                Path          = $context.Request.Url.AbsolutePath
                Authorization = $context.Request.Headers['Authorization']
                ContentType   = $context.Request.ContentType
                Form          = [System.Web.HttpUtility]::ParseQueryString($reader.ReadToEnd())
            }
            $bytes = [System.Text.Encoding]::UTF8.GetBytes($Answer)
            $context.Response.StatusCode = $Status
            $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
            $context.Response.Close()
            [pscustomobject]@{ Received = $received; Result = $sending.GetAwaiter().GetResult() }
        }
    }

    # A cmdlet waits on the pipeline thread, so the gateway answers one request from a thread job meanwhile (200, the form it got).
    function Start-GatewayAnswer {
        Start-ThreadJob -ArgumentList $listener -ScriptBlock {
            param($listener)
            $arriving = $listener.GetContextAsync()
            if (-not $arriving.Wait(15000)) { throw 'The gateway got no request within 15 s.' }
            $context = $arriving.Result
            $body = [System.IO.StreamReader]::new($context.Request.InputStream, [System.Text.Encoding]::UTF8).ReadToEnd()
            $context.Response.StatusCode = 200
            $context.Response.Close()
            $body
        }
    }

    function Receive-GatewayForm($Job) {
        # The comma keeps the collection whole (a function would otherwise hand out its keys).
        try { , [System.Web.HttpUtility]::ParseQueryString(($Job | Wait-Job -Timeout 20 | Receive-Job)) }
        finally { Remove-Job $Job -Force }
    }

    $script:port = Get-FreeTcpPort
    $script:listener = [System.Net.HttpListener]::new()
    $listener.Prefixes.Add("http://127.0.0.1:$port/")
    $listener.Start()
    $script:gatewayPassword = 'gateway-pass&word="1"'
    $script:gatewayCredential = [pscredential]::new('rasmfa', (ConvertTo-TestSecret $gatewayPassword))
}

AfterAll {
    $listener.Close()
    Remove-Item (Split-Path $env:RASMFA_DATABASE) -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'Set-RasMfaSmsProvider -HttpGateway' {
    It 'sets a form-posting gateway with basic auth (warning about http) and the gateway gets the phone and a hostile message intact' {
        $provider = Set-RasMfaSmsProvider -HttpGateway -Url "http://127.0.0.1:$port/cgi-bin/sendsms" -Body 'to={phone}&text={message}' -Credential $gatewayCredential -AllowHttp -PassThru -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -Match 'plain http'
        $provider.Provider | Should -Be 'HttpGateway'
        $provider.SecretSet | Should -BeTrue
        $provider.Settings | Should -Not -Match ([regex]::Escape($gatewayPassword))

        $text = "Code 481516 & more=yes`n""quoted"" {secret} été 🔐"
        $sent = Send-ThroughGateway -Text $text

        $sent.Result.Delivered | Should -BeTrue -Because $sent.Result.Failure
        $sent.Received.Method | Should -Be 'POST'
        $sent.Received.Path | Should -Be '/cgi-bin/sendsms'
        $sent.Received.ContentType | Should -Match '^application/x-www-form-urlencoded'
        $sent.Received.Authorization | Should -Be ('Basic ' + [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes("rasmfa:$gatewayPassword")))
        @($sent.Received.Form.AllKeys) | Should -Be @('to', 'text')
        $sent.Received.Form['to'] | Should -Be '+15550100101'
        $sent.Received.Form['text'] | Should -BeExactly $text
    }

    It 'is what Test-RasMfaDeliveryProvider sends its test message through' {
        $gateway = Start-GatewayAnswer
        $test = Test-RasMfaDeliveryProvider -Kind Sms -Recipient '+15550100202'
        $received = Receive-GatewayForm $gateway

        $test.Delivered | Should -BeTrue -Because $test.Failure
        $test.Provider | Should -Be 'HttpGateway'
        $received['to'] | Should -Be '+15550100202'
        $received['text'] | Should -Match '^This is a test message from RasMfa'
    }

    It 'counts a 2xx answer that fails the success pattern as a failed delivery, naming neither the code nor the password' {
        Set-RasMfaSmsProvider -HttpGateway -Url "http://127.0.0.1:$port/cgi-bin/sendsms" -Body 'to={phone}&text={message}' -Credential $gatewayCredential -AllowHttp -SuccessPattern '^OK' -WarningAction SilentlyContinue
        $sent = Send-ThroughGateway -Text 'Code 271828' -Answer 'ERR: no credit'
        $sent.Result.Delivered | Should -BeFalse
        $sent.Result.Failure | Should -Match 'success pattern'
        $sent.Result.Failure | Should -Not -Match '271828'
        $sent.Result.Failure | Should -Not -Match ([regex]::Escape($gatewayPassword))
    }

    It 'counts a gateway error as a failed delivery with its status' {
        $sent = Send-ThroughGateway -Text 'Code 271828' -Status 503 -Answer 'busy'
        $sent.Result.Delivered | Should -BeFalse
        $sent.Result.Failure | Should -Match '503'
    }

    It 'refuses plain http without -AllowHttp, and -Credential with -Secret, each with its id, keeping the provider it had' {
        { Set-RasMfaSmsProvider -HttpGateway -Url "http://sms.corp.example/send?to={phone}&text={message}" -Header @{ 'X-Key' = '{secret}' } -Secret (ConvertTo-TestSecret 'k') -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDeliveryProviderSettings,RasMfa.Cmdlets.Delivery.SetRasMfaSmsProviderCommand'
        { Set-RasMfaSmsProvider -HttpGateway -Url "https://sms.corp.example/send?to={phone}&text={message}" -Credential $gatewayCredential -Secret (ConvertTo-TestSecret 'k') -ErrorAction Stop } |
            Should -Throw -ErrorId 'DeliveryProviderSecretTwice,RasMfa.Cmdlets.Delivery.SetRasMfaSmsProviderCommand'
        { Set-RasMfaSmsProvider -HttpGateway -Url 'https://sms.corp.example/send' -ContentType Json -Body '{"to":{phone},"text":"{message}"}' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDeliveryProviderSettings,RasMfa.Cmdlets.Delivery.SetRasMfaSmsProviderCommand'
        Use-ProviderService { param($service) $service.Get('Sms').Settings } | Should -Match 'sendsms'
    }

    It 'stores nothing under -WhatIf' {
        Set-RasMfaSmsProvider -HttpGateway -Url 'https://elsewhere.example/send?to={phone}&text={message}' -WhatIf
        Use-ProviderService { param($service) $service.Get('Sms').Settings } | Should -Not -Match 'elsewhere'
    }
}

Describe 'Set-RasMfaVoiceProvider -Twilio' {
    It 'stores the account with its token sealed, not in the settings' {
        $provider = Set-RasMfaVoiceProvider -Twilio -AccountSid AC0123456789abcdef0123456789abcdef -AuthToken (ConvertTo-TestSecret 'twilio-auth-token-1') -From '+15550100999' -Language en-GB -PassThru
        $provider.Kind | Should -Be 'Voice'
        $provider.Provider | Should -Be 'Twilio'
        $provider.SecretSet | Should -BeTrue
        $provider.Settings | Should -Not -Match 'twilio-auth-token-1'
        ($provider.Settings | ConvertFrom-Json).from | Should -Be '+15550100999'
    }

    It 'refuses a call without a From number' {
        { Set-RasMfaVoiceProvider -Twilio -AccountSid AC0123456789abcdef0123456789abcdef -AuthToken (ConvertTo-TestSecret 't') -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDeliveryProviderSettings,RasMfa.Cmdlets.Delivery.SetRasMfaVoiceProviderCommand'
    }
}

Describe 'Set-RasMfaVoiceProvider -HttpGateway' {
    It 'warns of plain http, and the calling gateway gets the test call spoken: no number read whole, said twice' {
        Set-RasMfaVoiceProvider -HttpGateway -Url "http://127.0.0.1:$port/call" -Body 'to={phone}&say={message}' -AllowHttp -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -Match 'plain http'
        $gateway = Start-GatewayAnswer
        $test = Test-RasMfaDeliveryProvider -Kind Voice -Recipient '+15550100303'
        $received = Receive-GatewayForm $gateway

        $test.Delivered | Should -BeTrue -Because $test.Failure
        $received['to'] | Should -Be '+15550100303'
        $received['say'] | Should -Match '^This is a test call from RasMfa'
        $received['say'] | Should -Not -Match '[0-9]{2}'
        ([regex]::Matches($received['say'], 'This is a test call')).Count | Should -Be 2
    }
}
