using System.Management.Automation;
using RasMfa.Engine.Delivery;

namespace RasMfa.Cmdlets.Delivery
{
    [Cmdlet(VerbsCommon.Set, "RasMfaSmsProvider", SupportsShouldProcess = true, DefaultParameterSetName = GatewaySet)]
    [OutputType(typeof(RasMfaDeliveryProvider))]
    public sealed class SetRasMfaSmsProviderCommand : SetPhoneProviderCommand
    {
        /// <summary>Twilio picks the sender from this messaging service's pool (instead of -From).</summary>
        [Parameter(ParameterSetName = TwilioSet)]
        [ValidateNotNullOrEmpty]
        public string? MessagingServiceSid { get; set; }

        protected override DeliveryKind Kind => DeliveryKind.Sms;

        protected override string? MessagingService => MessagingServiceSid;
    }
}
