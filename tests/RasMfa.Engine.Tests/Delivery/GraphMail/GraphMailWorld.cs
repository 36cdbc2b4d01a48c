using System;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.GraphMail;
using RasMfa.Engine.Tests.Entra;

namespace RasMfa.Engine.Tests.Delivery.GraphMail
{
    /// <summary>An Entra tenant in a store, the loopback stubs of its token endpoint and Graph, and Graph mail providers that send through them.</summary>
    internal sealed class GraphMailWorld : IDisposable
    {
        public GraphMailWorld()
        {
            Entra = new EntraGraphWorld();
            Entra.AddTenant("contoso");
        }

        public EntraGraphWorld Entra { get; }

        public GraphMailProviderType Type => new GraphMailProviderType();

        /// <summary>As the listener makes Graph mail channels (the tenant read from the store at each send), the real Graph client pointed at the stubs.</summary>
        public System.Func<GraphMailSettings, IDeliveryChannel> GraphMail => RasMfa.Engine.Entra.EntraMailChannels.For(Entra.Store.EntraTenants, () => Entra.Graphs);

        public DeliveryEnvironment Environment => new DeliveryEnvironment(graphMail: GraphMail);

        public static DeliveryProviderDefinition Provider(string mailbox, int timeoutSeconds = GraphMailSettings.DefaultTimeoutSeconds, string tenant = "contoso") =>
            new DeliveryProviderDefinition(DeliveryKind.Email, GraphMailProviderType.TypeName,
                new GraphMailSettings { EntraTenant = tenant, Mailbox = mailbox, TimeoutSeconds = timeoutSeconds }.ToJson(), null);

        public ConfiguredDeliveryChannels Channels(string mailbox, int timeoutSeconds = GraphMailSettings.DefaultTimeoutSeconds) =>
            ConfiguredDeliveryChannels.From(new[] { Provider(mailbox, timeoutSeconds) }, Environment, new IDeliveryProviderType[] { Type });

        public void Dispose() => Entra.Dispose();
    }
}
