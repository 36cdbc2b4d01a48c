using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Delivery;

namespace RasMfa.Cmdlets.Delivery
{
    /// <summary>Removes a kind's provider: its methods become unavailable on every listener at the next configuration read.</summary>
    [Cmdlet(VerbsCommon.Remove, "RasMfaDeliveryProvider", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveRasMfaDeliveryProviderCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public DeliveryKind Kind { get; set; }

        protected override void ProcessRecord() => Run(Kind, () => new DeliveryProviderService(Store.DeliveryProviders).Remove(Kind, this));
    }
}
