using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace RasMfa.Engine.Clients
{
    /// <summary>An immutable snapshot of the clients, looked up by source address: the most specific block wins.</summary>
    public sealed class ClientRegistry
    {
        private readonly RadiusClientDefinition[] _bySpecificity;

        public ClientRegistry(IEnumerable<RadiusClientDefinition> clients)
        {
            _bySpecificity = clients.OrderByDescending(c => c.Address.PrefixLength).ToArray();
        }

        public static ClientRegistry Empty { get; } = new ClientRegistry(new RadiusClientDefinition[0]);

        public int Count => _bySpecificity.Length;

        /// <summary>The client of that name, or null.</summary>
        public RadiusClientDefinition? Named(string name)
        {
            foreach (var client in _bySpecificity)
                if (string.Equals(client.Name, name, System.StringComparison.OrdinalIgnoreCase)) return client;
            return null;
        }

        public RadiusClientDefinition? Find(IPAddress source)
        {
            foreach (var client in _bySpecificity)
            {
                if (client.Address.Contains(source)) return client;
            }
            return null;
        }
    }
}
