using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Upstream
{
    [Cmdlet(VerbsCommon.Get, "RasMfaUpstreamRadiusServer")]
    [OutputType(typeof(RasMfaUpstreamRadiusServer))]
    public sealed class GetRasMfaUpstreamRadiusServerCommand : PSCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Name { get; set; } = { "*" };

        protected override void ProcessRecord()
        {
            try
            {
                var servers = StoreAccess.Open().UpstreamServers.List();
                foreach (var server in WildcardSelection.Select(this, Name, servers, s => s.Name, "UpstreamRadiusServerNotFound", "upstream RADIUS server"))
                    WriteObject(new RasMfaUpstreamRadiusServer(server));
            }
            catch (StoreException e)
            {
                ThrowTerminatingError(Errors.FromStore(e, null));
            }
        }
    }
}
