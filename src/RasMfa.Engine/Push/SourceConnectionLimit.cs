using System.Collections.Generic;
using System.Net;

namespace RasMfa.Engine.Push
{
    /// <summary>
    /// Open connections per source address, so that one address holding connections open without a word (each lasts the
    /// TLS handshake timeout and is opened again) cannot take every place the page has and keep the users off it. The
    /// table holds only addresses with a connection open, so it is bounded by the server's own connection cap.
    /// </summary>
    public sealed class SourceConnectionLimit
    {
        private readonly int _perSource;
        private readonly Dictionary<IPAddress, int> _open = new Dictionary<IPAddress, int>();

        public SourceConnectionLimit(int perSource) => _perSource = perSource;

        /// <summary>True when <paramref name="source"/> may open one more connection; the caller then calls <see cref="Exit"/> when it closes.</summary>
        public bool TryEnter(IPAddress source)
        {
            source = SourceOf(source);
            lock (_open)
            {
                _open.TryGetValue(source, out int count);
                if (count >= _perSource) return false;
                _open[source] = count + 1;
                return true;
            }
        }

        public void Exit(IPAddress source)
        {
            source = SourceOf(source);
            lock (_open)
            {
                if (!_open.TryGetValue(source, out int count)) return;
                if (count <= 1) _open.Remove(source);
                else _open[source] = count - 1;
            }
        }

        /// <summary>
        /// An IPv4 address as itself (also when it comes mapped into IPv6); an IPv6 address as its /64, which one subscriber
        /// usually holds whole, so that a single attacker cannot count as many sources.
        /// </summary>
        public static IPAddress SourceOf(IPAddress address)
        {
            if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
            if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address;
            var bytes = address.GetAddressBytes();
            for (int i = 8; i < bytes.Length; i++) bytes[i] = 0;
            return new IPAddress(bytes);
        }
    }
}
