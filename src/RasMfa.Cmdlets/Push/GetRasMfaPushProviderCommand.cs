using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;

namespace RasMfa.Cmdlets.Push
{
    /// <summary>How push approval links reach users: the channel, and the webhook's settings (never its secret).</summary>
    [Cmdlet(VerbsCommon.Get, "RasMfaPushProvider")]
    [OutputType(typeof(RasMfaPushProvider))]
    public sealed class GetRasMfaPushProviderCommand : StoreCommand
    {
        protected override void EndProcessing() => RunOrStop("Push", () =>
            WriteObject(new RasMfaPushProvider(new ConfigurationService(Store.Settings).Get().PushNotifyBy, Store.DeliveryProviders.Get(DeliveryKind.Push))));
    }
}
