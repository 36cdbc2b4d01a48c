using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.FirstFactors;

namespace RasMfa.Cmdlets.Upstream
{
    /// <summary>Adds a RADIUS server (such as NPS) that checks users' passwords as the first factor.</summary>
    [Cmdlet(VerbsCommon.Add, "RasMfaUpstreamRadiusServer", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaUpstreamRadiusServer))]
    public sealed class AddRasMfaUpstreamRadiusServerCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Address { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int Port { get; set; } = 1812;

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public SecureString SharedSecret { get; set; } = new SecureString();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int TimeoutSeconds { get; set; } = 5;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int Retries { get; set; } = 1;

        /// <summary>Take only replies signed with Message-Authenticator (on unless turned off, with a warning).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool RequireMessageAuthenticator { get; set; } = true;

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var settings = new UpstreamServerChanges
            {
                Address = Address,
                Port = Port,
                SharedSecret = SecureStrings.ToUtf8(SharedSecret),
                KeepWeakSecret = Force,
                TimeoutSeconds = TimeoutSeconds,
                Retries = Retries,
                RequireMessageAuthenticator = RequireMessageAuthenticator,
            };
            Run(Name, () =>
            {
                var server = new UpstreamServerService(Store.UpstreamServers).Add(Name, settings, this);
                if (server != null && PassThru) WriteObject(new RasMfaUpstreamRadiusServer(server));
            });
        }
    }
}
