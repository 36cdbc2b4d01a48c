using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Users;

namespace RasMfa.Cmdlets.Clients
{
    [Cmdlet(VerbsCommon.Set, "RasMfaRadiusClient", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaRadiusClient))]
    public sealed class SetRasMfaRadiusClientCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? NewName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Address { get; set; }

        [Parameter]
        public SecureString? SharedSecret { get; set; }

        [Parameter]
        public bool? RequireMessageAuthenticator { get; set; }

        [Parameter]
        public bool? LimitProxyState { get; set; }

        [Parameter]
        public string? Description { get; set; }

        [Parameter]
        public FirstFactor? FirstFactor { get; set; }

        [Parameter]
        public string? Directory { get; set; }

        [Parameter]
        public string[]? UpstreamServer { get; set; }

        [Parameter]
        public bool? PassUpstreamAttributes { get; set; }

        [Parameter]
        public OtpMode? OtpMode { get; set; }

        [Parameter]
        public bool? RequireUserMatch { get; set; }

        [Parameter]
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

        /// <summary>How long a push round is held for this client, 5 to 55 seconds; $null: the server's PushTimeoutSeconds again.</summary>
        [Parameter]
        public int? PushTimeoutSeconds { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var bound = MyInvocation.BoundParameters;
            var changes = new ClientChanges
            {
                NewName = NewName,
                Address = Address,
                SharedSecret = SharedSecret == null ? null : SecureStrings.ToUtf8(SharedSecret),
                KeepWeakSecret = Force,
                RequireMessageAuthenticator = RequireMessageAuthenticator,
                LimitProxyState = LimitProxyState,
                FirstFactor = FirstFactor,
                RequireUserMatch = RequireUserMatch,
                UpstreamServers = UpstreamServer,
                PassUpstreamAttributes = PassUpstreamAttributes,
                OtpMode = OtpMode,
                AllowedMethods = AllowedMethod,
                Keywords = Keyword,
                EmptyPasswordAction = EmptyPasswordAction,
            };
            if (bound.ContainsKey(nameof(Description))) changes.Description = Description;
            if (bound.ContainsKey(nameof(Directory))) changes.Directory = Directory;
            if (bound.ContainsKey(nameof(Prompt))) changes.Prompt = Prompt;
            if (bound.ContainsKey(nameof(PushTimeoutSeconds))) changes.PushTimeoutSeconds = PushTimeoutSeconds;
            Run(Name, () =>
            {
                var client = new ClientService(Store.Clients).Change(Name, changes, this);
                if (client != null && PassThru) WriteObject(new RasMfaRadiusClient(client));
            });
        }
    }
}
