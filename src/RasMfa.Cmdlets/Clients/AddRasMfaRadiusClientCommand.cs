using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Users;

namespace RasMfa.Cmdlets.Clients
{
    [Cmdlet(VerbsCommon.Add, "RasMfaRadiusClient", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaRadiusClient))]
    public sealed class AddRasMfaRadiusClientCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("IPAddress", "Cidr")]
        [ValidateNotNullOrEmpty]
        public string Address { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public SecureString SharedSecret { get; set; } = new SecureString();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool RequireMessageAuthenticator { get; set; } = true;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter LimitProxyState { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Description { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public FirstFactor FirstFactor { get; set; } = FirstFactor.None;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Directory { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? UpstreamServer { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter PassUpstreamAttributes { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public OtpMode OtpMode { get; set; } = OtpMode.Challenge;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool RequireUserMatch { get; set; } = true;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Prompt { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The second factors users may prove at this client (Totp, Hotp, Sms, Voice, Email, Push); by default Totp and Hotp only.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public MethodKind[]? AllowedMethod { get; set; }

        /// <summary>Automation keywords: @{ sms='sms'; call='call'; email='email'; push='push' }; an empty table removes them.</summary>
        [Parameter]
        public System.Collections.Hashtable? Keyword { get; set; }

        /// <summary>What an empty password does in a code-only first round: Challenge (default) or StartDefault ("autosend").</summary>
        [Parameter]
        public EmptyPasswordAction? EmptyPasswordAction { get; set; }

        /// <summary>How long a push round is held for this client, 5 to 55 seconds; unset: the server's PushTimeoutSeconds.</summary>
        [Parameter]
        public int? PushTimeoutSeconds { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var settings = new ClientChanges
            {
                Address = Address,
                SharedSecret = SecureStrings.ToUtf8(SharedSecret),
                KeepWeakSecret = Force,
                RequireMessageAuthenticator = RequireMessageAuthenticator,
                LimitProxyState = LimitProxyState,
                Description = Description,
                FirstFactor = FirstFactor,
                RequireUserMatch = RequireUserMatch,
                Prompt = Prompt,
                UpstreamServers = UpstreamServer ?? new string[0],
                Directory = Directory,
                PassUpstreamAttributes = PassUpstreamAttributes,
                OtpMode = OtpMode,
                AllowedMethods = AllowedMethod,
                Keywords = Keyword,
                EmptyPasswordAction = EmptyPasswordAction,
                PushTimeoutSeconds = PushTimeoutSeconds,
            };
            Run(Name, () =>
            {
                var client = new ClientService(Store.Clients).Add(Name, settings, this);
                if (client != null && PassThru) WriteObject(new RasMfaRadiusClient(client));
            });
        }
    }
}
