using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Clients;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Upstream
{
    /// <summary>Adds a RADIUS server (such as NPS) that checks users' passwords as the first factor.</summary>
    [Cmdlet(VerbsCommon.Add, "RasMfaUpstreamRadiusServer", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaUpstreamRadiusServer))]
    public sealed class AddRasMfaUpstreamRadiusServerCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Address { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 1812;

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public SecureString SharedSecret { get; set; } = new SecureString();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 60)]
        public int TimeoutSeconds { get; set; } = 5;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0, 5)]
        public int Retries { get; set; } = 1;

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var secretError = ClientInput.CheckSecret(this, SharedSecret, Force, Name, out var secret);
            if (secretError != null)
            {
                WriteError(secretError);
                return;
            }
            if (!ShouldProcess($"{Name} ({Address}:{Port})", "Add upstream RADIUS server")) return;
            var server = new UpstreamRadiusServer(Name, Address.Trim(), secret) { Port = Port, TimeoutSeconds = TimeoutSeconds, Retries = Retries };
            try
            {
                StoreAccess.Open().UpstreamServers.Add(server);
                if (PassThru) WriteObject(new RasMfaUpstreamRadiusServer(server));
            }
            catch (StoreException e)
            {
                WriteError(Errors.FromStore(e, Name));
            }
        }
    }
}
