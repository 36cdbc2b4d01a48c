using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Entra;

namespace RasMfa.Cmdlets.Entra
{
    /// <summary>Lists Entra tenants, never with their secrets.</summary>
    [Cmdlet(VerbsCommon.Get, "RasMfaEntraTenant")]
    [OutputType(typeof(RasMfaEntraTenant))]
    public sealed class GetRasMfaEntraTenantCommand : StoreCommand
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Name { get; set; } = { "*" };

        protected override void ProcessRecord() => RunOrStop(null, () =>
        {
            var tenants = new EntraTenantService(Store.EntraTenants, Store.Directories).List();
            foreach (var tenant in WildcardSelection.Select(this, Name, tenants, t => t.Name, "EntraTenantNotFound", "Entra tenant"))
                WriteObject(new RasMfaEntraTenant(tenant));
        });
    }
}
