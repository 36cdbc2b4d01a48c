using System.Management.Automation;

namespace RasMfa.Cmdlets.Entra
{
    /// <summary>Adds an Entra ID tenant that users are imported from, through an application registered in it.</summary>
    [Cmdlet(VerbsCommon.Add, "RasMfaEntraTenant", SupportsShouldProcess = true, DefaultParameterSetName = SecretSet)]
    [OutputType(typeof(RasMfaEntraTenant))]
    public sealed class AddRasMfaEntraTenantCommand : EntraTenantCommand
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string TenantId { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string ClientId { get; set; } = "";

        protected override void ProcessRecord()
        {
            var changes = Changes(TenantId, ClientId);
            Run(Name, () =>
            {
                var tenant = Service.Add(Name, changes, this);
                if (tenant != null && PassThru) WriteObject(new RasMfaEntraTenant(tenant));
            });
        }
    }
}
