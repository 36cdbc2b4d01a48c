using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Clients;

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
            };
            if (bound.ContainsKey(nameof(Description))) changes.Description = Description;
            if (bound.ContainsKey(nameof(Directory))) changes.Directory = Directory;
            if (bound.ContainsKey(nameof(Prompt))) changes.Prompt = Prompt;
            Run(Name, () =>
            {
                var client = new ClientService(Store.Clients).Change(Name, changes, this);
                if (client != null && PassThru) WriteObject(new RasMfaRadiusClient(client));
            });
        }
    }
}
