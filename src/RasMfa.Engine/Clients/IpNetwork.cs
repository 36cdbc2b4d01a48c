using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RasMfa.Engine.Clients
{
    /// <summary>An address or CIDR block ("10.0.0.5", "10.0.0.0/24", "2001:db8::/32").</summary>
    public sealed class IpNetwork : IEquatable<IpNetwork>
    {
        private readonly byte[] _network;

        private IpNetwork(IPAddress network, int prefixLength)
        {
            _network = network.GetAddressBytes();
            PrefixLength = prefixLength;
            ApplyMask(_network, prefixLength);
            Network = new IPAddress(_network);
        }

        public IPAddress Network { get; }

        public int PrefixLength { get; }

        public AddressFamily AddressFamily => Network.AddressFamily;

        public static bool TryParse(string? text, out IpNetwork? network, out string? error)
        {
            network = null;
            error = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                error = "The address is empty.";
                return false;
            }
            var parts = text!.Trim().Split('/');
            if (parts.Length > 2 || !IPAddress.TryParse(parts[0], out var address) || !IsStrictForm(parts[0], address))
            {
                error = $"'{text}' is not an IP address or CIDR block (such as 10.0.0.5 or 10.0.0.0/24).";
                return false;
            }
            address = Normalize(address);
            int maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
            int prefix = maxPrefix;
            if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
            {
                error = $"'{parts[1]}' is not a prefix length from 0 to {maxPrefix}.";
                return false;
            }
            network = new IpNetwork(address, prefix);
            return true;
        }

        public static IpNetwork Parse(string text) =>
            TryParse(text, out var network, out var error) ? network! : throw new FormatException(error);

        // IPAddress also takes legacy forms such as "10.0.0" (= 10.0.0.0) or "10" that an admin would not mean.
        private static bool IsStrictForm(string text, IPAddress address) =>
            address.AddressFamily != AddressFamily.InterNetwork || text.Split('.').Length == 4;

        /// <summary>IPv4-mapped IPv6 addresses (from dual-stack sockets) count as their IPv4 address.</summary>
        public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

        public bool Contains(IPAddress address)
        {
            address = Normalize(address);
            if (address.AddressFamily != AddressFamily) return false;
            var bytes = address.GetAddressBytes();
            ApplyMask(bytes, PrefixLength);
            return bytes.AsSpan().SequenceEqual(_network);
        }

        public override string ToString()
        {
            int max = AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
            return PrefixLength == max ? Network.ToString() : $"{Network}/{PrefixLength}";
        }

        public bool Equals(IpNetwork? other) => other != null && other.PrefixLength == PrefixLength && other.Network.Equals(Network);

        public override bool Equals(object? obj) => Equals(obj as IpNetwork);

        public override int GetHashCode() => Network.GetHashCode() ^ PrefixLength;

        private static void ApplyMask(byte[] bytes, int prefixLength)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                int bits = Math.Max(0, Math.Min(8, prefixLength - i * 8));
                bytes[i] &= (byte)(0xFF << (8 - bits));
            }
        }
    }
}
