using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Clients;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Upstream
{
    [Cmdlet(VerbsCommon.Set, "RasMfaUpstreamRadiusServer", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaUpstreamRadiusServer))]
    public sealed class SetRasMfaUpstreamRadiusServerCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Address { get; set; }

        [Parameter]
        [ValidateRange(1, 65535)]
        public int? Port { get; set; }

        [Parameter]
        public SecureString? SharedSecret { get; set; }

        [Parameter]
        [ValidateRange(1, 60)]
        public int? TimeoutSeconds { get; set; }

        [Parameter]
        [ValidateRange(0, 5)]
        public int? Retries { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var store = StoreAccess.Open();
                var server = store.UpstreamServers.Get(Name);
                if (server == null)
                {
                    WriteError(Errors.Create("UpstreamRadiusServerNotFound", ErrorCategory.ObjectNotFound, $"No upstream RADIUS server is named '{Name}'.", Name));
                    return;
                }
                if (SharedSecret != null)
                {
                    var secretError = ClientInput.CheckSecret(this, SharedSecret, Force, Name, out var secret);
                    if (secretError != null)
                    {
                        WriteError(secretError);
                        return;
                    }
                    server.SharedSecret = secret;
                }
                if (Address != null) server.Address = Address.Trim();
                if (Port.HasValue) server.Port = Port.Value;
                if (TimeoutSeconds.HasValue) server.TimeoutSeconds = TimeoutSeconds.Value;
                if (Retries.HasValue) server.Retries = Retries.Value;
                if (!ShouldProcess(Name, "Change upstream RADIUS server")) return;
                store.UpstreamServers.Update(Name, server);
                if (PassThru) WriteObject(new RasMfaUpstreamRadiusServer(server));
            }
            catch (StoreException e)
            {
                WriteError(Errors.FromStore(e, Name));
            }
        }
    }
}
