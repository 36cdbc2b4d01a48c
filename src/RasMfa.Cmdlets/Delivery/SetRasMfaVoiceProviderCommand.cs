using System.Management.Automation;
using RasMfa.Engine.Delivery;

namespace RasMfa.Cmdlets.Delivery
{
    [Cmdlet(VerbsCommon.Set, "RasMfaVoiceProvider", SupportsShouldProcess = true, DefaultParameterSetName = TwilioSet)]
    [OutputType(typeof(RasMfaDeliveryProvider))]
    public sealed class SetRasMfaVoiceProviderCommand : SetPhoneProviderCommand
    {
        /// <summary>The language Twilio's voice reads the code in (en-US, de-DE, fr-FR ...); Twilio's default when omitted.</summary>
        [Parameter(ParameterSetName = TwilioSet)]
        [ValidateNotNullOrEmpty]
        public string? Language { get; set; }

        protected override DeliveryKind Kind => DeliveryKind.Voice;

        protected override string? SpokenLanguage => Language;
    }
}
