using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Delivery;

namespace RasMfa.Cmdlets.Delivery
{
    /// <summary>Sends a test message through a kind's provider, as a listener would, and says whether it was taken and why not.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "RasMfaDeliveryProvider")]
    [OutputType(typeof(RasMfaDeliveryTest), typeof(bool))]
    public sealed class TestRasMfaDeliveryProviderCommand : StoreCommand
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public DeliveryKind Kind { get; set; }

        /// <summary>A mail address for Email, an E.164 number for SMS and voice.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Recipient { get; set; } = "";

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord() => Run(Kind, () =>
        {
            var service = new DeliveryProviderService(Store.DeliveryProviders, null, RasMfa.Engine.Entra.EntraMailChannels.For(Store.EntraTenants));
            var provider = service.Get(Kind);
            var watch = Stopwatch.StartNew();
            DeliveryResult result;
            try
            {
                result = service.SendTestAsync(Kind, Recipient, _stopping.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (Quiet) WriteObject(result.Delivered);
            else WriteObject(new RasMfaDeliveryTest(provider, Recipient.Trim(), result, watch.Elapsed));
        });

        protected override void StopProcessing()
        {
            _stopping.Cancel();
            base.StopProcessing();
        }
    }
}
