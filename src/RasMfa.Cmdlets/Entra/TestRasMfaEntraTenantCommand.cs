using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Delivery.GraphMail;
using RasMfa.Engine.Entra;

namespace RasMfa.Cmdlets.Entra
{
    /// <summary>Gets a token, calls Graph, and says which application permissions the tenant has not granted RasMfa (Mail.Send too when mail goes through it).</summary>
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
            // Mail.Send is needed only when the e-mail provider sends through this tenant.
            var sendsMail = GraphMailProviderType.SendsThrough(Store.DeliveryProviders.List(), Name.Trim());
            var result = new EntraTenantService(Store.EntraTenants, Store.Directories).Test(Name, sendsMail);
            if (Quiet) WriteObject(result.Succeeded);
            else WriteObject(result);
        });
    }
}
