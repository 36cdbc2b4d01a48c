using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.FirstFactors;

namespace RasMfa.Cmdlets.Upstream
{
    [Cmdlet(VerbsCommon.Set, "RasMfaUpstreamRadiusServer", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaUpstreamRadiusServer))]
    public sealed class SetRasMfaUpstreamRadiusServerCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Address { get; set; }

        [Parameter]
        public int? Port { get; set; }

        [Parameter]
        public SecureString? SharedSecret { get; set; }

        [Parameter]
        public int? TimeoutSeconds { get; set; }

        [Parameter]
        public int? Retries { get; set; }

        [Parameter]
        public bool? RequireMessageAuthenticator { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var changes = new UpstreamServerChanges
            {
                Address = Address,
                Port = Port,
                SharedSecret = SharedSecret == null ? null : SecureStrings.ToUtf8(SharedSecret),
                KeepWeakSecret = Force,
                TimeoutSeconds = TimeoutSeconds,
                Retries = Retries,
                RequireMessageAuthenticator = RequireMessageAuthenticator,
            };
            Run(Name, () =>
            {
                var server = new UpstreamServerService(Store.UpstreamServers).Change(Name, changes, this);
                if (server != null && PassThru) WriteObject(new RasMfaUpstreamRadiusServer(server));
            });
        }
    }
}
