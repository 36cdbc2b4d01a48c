using System.Collections.Generic;

namespace RasMfa.Engine.Delivery
{
    /// <summary>
    /// What an admin's command sends with (Test-RasMfaDeliveryProvider, Send-RasMfaEnrollment): no log, the platform's HTTP.
    /// Made here rather than in the cmdlets because the module resolves only the engine for the cmdlets assembly: a cmdlet
    /// that called DeliveryEnvironment's constructor itself would reference Microsoft.Extensions.Logging and fail to load it.
    /// </summary>
    public static class AdministrationDelivery
    {
        public static DeliveryEnvironment Environment() => new DeliveryEnvironment();

        /// <summary>The channels the store's providers give, as a listener would make them.</summary>
        public static IDeliveryChannels Channels(IEnumerable<DeliveryProviderDefinition> providers) => ConfiguredDeliveryChannels.From(providers, Environment());
    }
}
