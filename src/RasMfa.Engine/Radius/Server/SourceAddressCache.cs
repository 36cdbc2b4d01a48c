#if NET
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// One receive thread's map from the raw source address a datagram came from to its <see cref="IPEndPoint"/>: a RAS
    /// server sends from a few ports, so after the first datagram of each no endpoint is made per packet. Bounded: a flood
    /// from forged addresses empties it now and then, never grows it.
    /// </summary>
    internal sealed class SourceAddressCache
    {
        private const int Capacity = 256;
        private readonly Dictionary<SocketAddress, IPEndPoint> _endpoints = new Dictionary<SocketAddress, IPEndPoint>();
        private readonly IPEndPoint _template;

        public SourceAddressCache(AddressFamily family) =>
            _template = new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);

        /// <summary>A socket address as large as any of the family, for a receive to fill.</summary>
        public SocketAddress NewReceiveAddress() => _template.Serialize();

        /// <summary>The endpoint of <paramref name="received"/>, which the caller goes on reusing: the map keeps a copy.</summary>
        public IPEndPoint EndpointOf(SocketAddress received)
        {
            if (_endpoints.TryGetValue(received, out var known)) return known;
            var endpoint = (IPEndPoint)_template.Create(received);
            if (_endpoints.Count >= Capacity) _endpoints.Clear();
            var key = new SocketAddress(received.Family, received.Size);
            received.Buffer.Span.Slice(0, received.Size).CopyTo(key.Buffer.Span);
            _endpoints[key] = endpoint;
            return endpoint;
        }
    }
}
#endif
