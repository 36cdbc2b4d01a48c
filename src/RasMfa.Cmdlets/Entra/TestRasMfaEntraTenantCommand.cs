using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Entra;

namespace RasMfa.Cmdlets.Entra
{
    /// <summary>Gets a token, calls Graph, and says which application permissions the tenant has not granted RasMfa.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "RasMfaEntraTenant")]
    [OutputType(typeof(EntraTenantTestResult), typeof(bool))]
    public sealed class TestRasMfaEntraTenantCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord() => Run(Name, () =>
        {
            var result = new EntraTenantService(Store.EntraTenants, Store.Directories).Test(Name);
            if (Quiet) WriteObject(result.Succeeded);
            else WriteObject(result);
        });
    }
}
