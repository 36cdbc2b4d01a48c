using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Clients
{
    [Cmdlet(VerbsCommon.Get, "RasMfaRadiusClient")]
    [OutputType(typeof(RasMfaRadiusClient))]
    public sealed class GetRasMfaRadiusClientCommand : PSCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Name { get; set; } = { "*" };

        protected override void ProcessRecord()
        {
            try
            {
                var clients = StoreAccess.Open().Clients.List();
                foreach (var client in WildcardSelection.Select(this, Name, clients, c => c.Name, "RadiusClientNotFound", "RADIUS client"))
                    WriteObject(new RasMfaRadiusClient(client));
            }
            catch (StoreException e)
            {
                ThrowTerminatingError(Errors.FromStore(e, null));
            }
        }
    }
}
