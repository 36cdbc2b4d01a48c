using System;
using System.Collections;
using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.HttpGateway;
using RasMfa.Engine.Delivery.Twilio;

namespace RasMfa.Cmdlets.Delivery
{
    /// <summary>
    /// What Set-RasMfaSmsProvider and Set-RasMfaVoiceProvider share: an HTTP gateway or a Twilio account, made into a
    /// provider definition and handed to the engine, which checks it and stores its secret sealed.
    /// </summary>
    public abstract class SetPhoneProviderCommand : StoreCommand
    {
        protected const string GatewaySet = "HttpGateway";
        protected const string TwilioSet = "Twilio";

        [Parameter(Mandatory = true, ParameterSetName = GatewaySet)]
        public SwitchParameter HttpGateway { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = GatewaySet)]
        [ValidateNotNullOrEmpty]
        public string Url { get; set; } = "";

        [Parameter(ParameterSetName = GatewaySet)]
        [ValidateSet("GET", "POST")]
        public string Method { get; set; } = "POST";

        [Parameter(ParameterSetName = GatewaySet)]
        public Hashtable? Header { get; set; }

        [Parameter(ParameterSetName = GatewaySet)]
        public string? Body { get; set; }

        [Parameter(ParameterSetName = GatewaySet)]
        public GatewayContentType ContentType { get; set; } = GatewayContentType.Form;

        [Parameter(ParameterSetName = GatewaySet)]
        [ValidateNotNullOrEmpty]
        public string? SuccessPattern { get; set; }

        [Parameter(ParameterSetName = GatewaySet)]
        [ValidateNotNullOrEmpty]
        public string? FailurePattern { get; set; }

        /// <summary>Basic auth: the user name, and the password as the provider's secret.</summary>
        [Parameter(ParameterSetName = GatewaySet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>What {secret} stands for in a header, the URL or the body (an API key, a bearer token).</summary>
        [Parameter(ParameterSetName = GatewaySet)]
        public SecureString? Secret { get; set; }

        [Parameter(ParameterSetName = GatewaySet)]
        public SwitchParameter AllowHttp { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = TwilioSet)]
        public SwitchParameter Twilio { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = TwilioSet)]
        [ValidateNotNullOrEmpty]
        public string AccountSid { get; set; } = "";

        /// <summary>The account's auth token; with -ApiKeySid, that API key's secret.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TwilioSet)]
        public SecureString AuthToken { get; set; } = new SecureString();

        [Parameter(ParameterSetName = TwilioSet)]
        [ValidateNotNullOrEmpty]
        public string? ApiKeySid { get; set; }

        [Parameter(ParameterSetName = TwilioSet)]
        [ValidateNotNullOrEmpty]
        public string? From { get; set; }

        [Parameter]
        [ValidateRange(1, 120)]
        public int? TimeoutSeconds { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected abstract DeliveryKind Kind { get; }

        /// <summary>The SMS cmdlet's -MessagingServiceSid; a call has none.</summary>
        protected virtual string? MessagingService => null;

        /// <summary>The voice cmdlet's -Language; a text has none.</summary>
        protected virtual string? SpokenLanguage => null;

        protected override void ProcessRecord()
        {
            var provider = ParameterSetName == TwilioSet ? TwilioProvider() : GatewayProvider();
            if (provider == null) return;
            RunOrStop(Kind, () =>
            {
                var stored = new DeliveryProviderService(Store.DeliveryProviders).Set(provider, this);
                if (stored != null && PassThru) WriteObject(new RasMfaDeliveryProvider(stored));
            });
        }

        private DeliveryProviderDefinition? GatewayProvider()
        {
            if (Credential != null && Secret != null)
            {
                WriteError(Errors.Create("DeliveryProviderSecretTwice", ErrorCategory.InvalidArgument,
                    "Give either -Credential (basic auth) or -Secret ({secret} in a header, the URL or the body), not both.", Kind));
                return null;
            }
            var settings = new HttpGatewaySettings
            {
                Url = Url,
                Method = Method.ToUpperInvariant(),
                Body = Body,
                ContentType = ContentType,
                SuccessPattern = SuccessPattern,
                FailurePattern = FailurePattern,
                AllowHttp = AllowHttp,
                BasicAuthUser = Credential?.UserName,
                TimeoutSeconds = TimeoutSeconds ?? HttpGatewaySettings.DefaultTimeoutSeconds,
            };
            if (Header != null)
                foreach (DictionaryEntry header in Header) settings.Headers[Convert.ToString(header.Key) ?? ""] = Convert.ToString(header.Value) ?? "";
            var secret = Credential != null ? SecureStrings.ToUtf8(Credential.Password) : Secret != null ? SecureStrings.ToUtf8(Secret) : null;
            return new DeliveryProviderDefinition(Kind, HttpGatewayProviderType.TypeName, settings.ToJson(), secret);
        }

        private DeliveryProviderDefinition TwilioProvider()
        {
            var settings = new TwilioSettings
            {
                AccountSid = AccountSid,
                ApiKeySid = ApiKeySid,
                From = From,
                MessagingServiceSid = MessagingService,
                Language = SpokenLanguage,
                TimeoutSeconds = TimeoutSeconds ?? TwilioSettings.DefaultTimeoutSeconds,
            };
            return new DeliveryProviderDefinition(Kind, TwilioProviderType.TypeName, settings.ToJson(), SecureStrings.ToUtf8(AuthToken));
        }
    }
}
