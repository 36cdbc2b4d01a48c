using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Delivery;

namespace RasMfa.Cmdlets.Delivery
{
    /// <summary>The delivery providers set in the store (one per kind), without their secrets.</summary>
    [Cmdlet(VerbsCommon.Get, "RasMfaDeliveryProvider")]
    [OutputType(typeof(RasMfaDeliveryProvider))]
    public sealed class GetRasMfaDeliveryProviderCommand : StoreCommand
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public DeliveryKind[]? Kind { get; set; }

        protected override void ProcessRecord()
        {
            var service = new DeliveryProviderService(Store.DeliveryProviders);
            if (Kind == null)
            {
                Run(null, () =>
                {
                    foreach (var provider in service.List()) WriteObject(new RasMfaDeliveryProvider(provider));
                });
                return;
            }
            foreach (var kind in Kind) Run(kind, () => WriteObject(new RasMfaDeliveryProvider(service.Get(kind))));
        }
    }
}
