using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RasMfa.Engine.Hosting.Metrics
{
    /// <summary>Reads the metrics endpoint's address as an admin writes it: 127.0.0.1:9812, [::1]:9812.</summary>
    public static class MetricsAddress
    {
        /// <summary>The service host's default: loopback only, so the metrics are not on the network unless the admin puts them there.</summary>
        public const string ServiceDefault = "127.0.0.1:9812";

        /// <summary>What the service host reads as no metrics endpoint at all (--metrics-address off).</summary>
        public const string Off = "off";

        public static IPEndPoint ServiceDefaultEndPoint => new IPEndPoint(IPAddress.Loopback, 9812);

        /// <summary>127.0.0.1:9812, [::1]:9812: as <see cref="Parse"/> reads it back.</summary>
        public static string Format(IPEndPoint address) =>
            (address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address.Address}]" : address.Address.ToString()) + ":" + address.Port.ToString(CultureInfo.InvariantCulture);

        /// <summary>The URL prefix HttpListener serves it as, and a Windows URL reservation names.</summary>
        public static string UrlPrefix(IPEndPoint address) => "http://" + Format(address) + "/";

        /// <summary>
        /// The service host's command line words for <paramref name="address"/> (null: none): nothing for the default, so a
        /// definition installed before the address could be chosen reads as unchanged.
        /// </summary>
        public static IEnumerable<string> HostArguments(IPEndPoint? address)
        {
            if (address != null && address.Equals(ServiceDefaultEndPoint)) yield break;
            yield return "--metrics-address";
            yield return address == null ? Off : Format(address);
        }

        /// <summary>Null when <paramref name="text"/> is not an IP address and a TCP port from 1 to 65535, <paramref name="error"/> then saying why.</summary>
        public static IPEndPoint? Parse(string text, out string? error)
        {
            error = null;
            text = text.Trim();
            int colon = text.LastIndexOf(':');
            if (colon <= 0 || colon == text.Length - 1)
            {
                error = $"'{text}' is not an address and port, such as {ServiceDefault} or [::1]:9812.";
                return null;
            }
            var host = text.Substring(0, colon);
            var portText = text.Substring(colon + 1);
            // An IPv6 address carries colons of its own: it is written in brackets, as in a URL.
            if (host.Contains(":") && !(host.StartsWith("[") && host.EndsWith("]")))
            {
                error = $"'{text}': write an IPv6 address in brackets, such as [::1]:9812.";
                return null;
            }
            if (host.StartsWith("[") && host.EndsWith("]")) host = host.Substring(1, host.Length - 2);
            if (!IPAddress.TryParse(host, out var address))
            {
                error = $"'{host}' in '{text}' is not an IP address.";
                return null;
            }
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
            {
                error = $"'{portText}' in '{text}' is not a TCP port from 1 to 65535.";
                return null;
            }
            return new IPEndPoint(address, port);
        }
    }
}
