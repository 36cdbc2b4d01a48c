using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Entra;

namespace RasMfa.Cmdlets.Entra
{
    /// <summary>Removes an Entra tenant; the users imported from it stay.</summary>
    [Cmdlet(VerbsCommon.Remove, "RasMfaEntraTenant", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveRasMfaEntraTenantCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        protected override void ProcessRecord() => Run(Name, () =>
        {
            new EntraTenantService(Store.EntraTenants, Store.Directories).Remove(Name, this, Store.DeliveryProviders.List());
        });
    }
}
