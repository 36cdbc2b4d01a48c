using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Clients;

namespace RasMfa.Cmdlets.Clients
{
    [Cmdlet(VerbsCommon.Get, "RasMfaRadiusClient")]
    [OutputType(typeof(RasMfaRadiusClient))]
    public sealed class GetRasMfaRadiusClientCommand : StoreCommand
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Name { get; set; } = { "*" };

        protected override void ProcessRecord() => RunOrStop(null, () =>
        {
            var clients = new ClientService(Store.Clients).List();
            foreach (var client in WildcardSelection.Select(this, Name, clients, c => c.Name, "RadiusClientNotFound", "RADIUS client"))
            {
                if (client.Unreadable != null)
                    WriteWarning($"{client.Unreadable} The listener drops this client's requests until it gets a new secret: Set-RasMfaRadiusClient -Name '{client.Name}' -SharedSecret ...");
                WriteObject(new RasMfaRadiusClient(client));
            }
        });
    }
}
