using System.Management.Automation;

namespace RasMfa.Cmdlets.Entra
{
    /// <summary>Changes an Entra tenant: its ids, its cloud, or its credential (a new one replaces the old whole).</summary>
    [Cmdlet(VerbsCommon.Set, "RasMfaEntraTenant", SupportsShouldProcess = true, DefaultParameterSetName = KeepCredentialSet)]
    [OutputType(typeof(RasMfaEntraTenant))]
    public sealed class SetRasMfaEntraTenantCommand : EntraTenantCommand
    {
        private const string KeepCredentialSet = "KeepCredential";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? TenantId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        protected override void ProcessRecord()
        {
            var changes = Changes(TenantId, ClientId);
            Run(Name, () =>
            {
                var tenant = Service.Change(Name, changes, this);
                if (tenant != null && PassThru) WriteObject(new RasMfaEntraTenant(tenant));
            });
        }
    }
}
