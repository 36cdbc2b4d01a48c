using System;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.GraphMail;

namespace RasMfa.Engine.Entra
{
    /// <summary>
    /// How whoever composes (the listener, the cmdlets) lets Graph mail providers send: their channels read the tenant from
    /// <paramref name="tenants"/> at each send. The Delivery area knows no Entra type; this is where the two meet.
    /// </summary>
    public static class EntraMailChannels
    {
        /// <param name="graphs">Tests only: the real Graph client pointed at the loopback stubs.</param>
        public static Func<GraphMailSettings, IDeliveryChannel> For(IEntraTenantStore tenants, Func<IEntraGraphFactory>? graphs = null) =>
            settings => new EntraMailChannel(settings, tenants.Get, graphs ?? (() => EntraGateway.Factory));
    }
}
