using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Clients;

namespace RasMfa.Cmdlets.Clients
{
    [Cmdlet(VerbsCommon.Remove, "RasMfaRadiusClient", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveRasMfaRadiusClientCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        protected override void ProcessRecord() => Run(Name, () => new ClientService(Store.Clients).Remove(Name, this));
    }
}
