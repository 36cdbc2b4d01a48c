using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace RasMfa.Service
{
    /// <summary>Where the service listens: Listener:Port (default 1812) and Listener:Address (comma-separated; empty for every address).</summary>
    internal sealed class ListenerSettings
    {
        public const string PortKey = "Listener:Port";
        public const string AddressKey = "Listener:Address";
        public const string MetricsAddressKey = "Listener:MetricsAddress";

        /// <summary>The command line's short forms: --port 1812 --address 0.0.0.0.</summary>
        public static readonly IDictionary<string, string> Switches = new Dictionary<string, string>
        {
            ["--port"] = PortKey,
            ["--address"] = AddressKey,
            ["--metrics-address"] = MetricsAddressKey,
        };

        private ListenerSettings(int port, IList<IPAddress> addresses, IPEndPoint? metricsAddress)
        {
            MetricsAddress = metricsAddress;
            Port = port;
            Addresses = addresses;
        }

        public int Port { get; }

        /// <summary>Empty: every IPv4 and IPv6 address, as Start-RasMfaRadiusServer does.</summary>
        public IList<IPAddress> Addresses { get; }

        /// <summary>Where /metrics and /health are served: 127.0.0.1:9812 unless set; "off" serves nothing.</summary>
        public IPEndPoint? MetricsAddress { get; }

        /// <summary>Reads the settings; a value that is not valid throws, naming the setting and the value.</summary>
        public static ListenerSettings Read(IConfiguration configuration)
        {
            var portText = configuration[PortKey];
            var port = 1812;
            if (!string.IsNullOrWhiteSpace(portText)
                && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535))
                throw new ListenerStartException(ExitCodes.InvalidSetting, $"The port '{portText}' (--port, {PortKey}) is not a UDP port from 1 to 65535.");
            var addresses = new List<IPAddress>();
            foreach (var text in (configuration[AddressKey] ?? "").Split(',').Select(t => t.Trim()).Where(t => t.Length > 0))
            {
                if (!IPAddress.TryParse(text, out var address))
                    throw new ListenerStartException(ExitCodes.InvalidSetting, $"'{text}' (--address, {AddressKey}) is not an IP address.");
                addresses.Add(address);
            }
            var metricsText = configuration[MetricsAddressKey];
            IPEndPoint? metrics = null;
            if (!string.Equals(metricsText?.Trim(), "off", StringComparison.OrdinalIgnoreCase))
            {
                metrics = RasMfa.Engine.Hosting.Metrics.MetricsAddress.Parse(string.IsNullOrWhiteSpace(metricsText) ? RasMfa.Engine.Hosting.Metrics.MetricsAddress.ServiceDefault : metricsText!, out var error);
                if (metrics == null) throw new ListenerStartException(ExitCodes.InvalidSetting, $"{error} (--metrics-address, {MetricsAddressKey}; 'off' for none)");
            }
            return new ListenerSettings(port, addresses, metrics);
        }

        public override string ToString() =>
            $"UDP port {Port} on {(Addresses.Count == 0 ? "every address" : string.Join(", ", Addresses))}";
    }
}
