using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Delivery.GraphMail;
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
            // Removing the tenant the mail provider sends with would leave every code mail failing at the listener.
            if (GraphMailProviderType.SendsThrough(Store.DeliveryProviders.List(), Name.Trim()))
                throw new EngineException(EngineErrorKind.Conflict, "EntraTenantSendsMail",
                    $"The e-mail provider sends through Entra tenant '{Name.Trim()}'; set another mail provider (Set-RasMfaMailProvider) or remove it (Remove-RasMfaDeliveryProvider Email) first.", target: Name);
            new EntraTenantService(Store.EntraTenants, Store.Directories).Remove(Name, this);
        });
    }
}
