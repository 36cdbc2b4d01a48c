using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Dictionary;

namespace RasMfa.LoadGen
{
    /// <summary>
    /// Valid requests from a client that holds the shared secret, then broken in the ways a fuzzer or a hostile peer would:
    /// bit flips, Length field lies, attribute length lies, truncation, duplicated or removed attributes, random State,
    /// Message-Authenticator garbage, junk attributes. Structural changes are mostly re-signed, so they reach the MFA
    /// stages instead of stopping at the signature check.
    /// </summary>
    internal sealed class PacketMutator
    {
        private static readonly string[] MutationNames =
            { "bit flips", "length field lie", "attribute length lie", "truncation", "duplicated attribute", "removed attribute",
              "random State", "Message-Authenticator garbage", "junk attribute", "trailing junk" };

        private readonly byte[] _secret;
        private readonly string[] _userNames;
        private readonly Random _random;

        public PacketMutator(byte[] secret, IEnumerable<string> userNames, int seed)
        {
            _secret = secret;
            _userNames = userNames.ToArray();
            _random = new Random(seed);
        }

        public static IReadOnlyList<string> Names => MutationNames;

        /// <summary>One mutated datagram; <paramref name="mutation"/> says which change it got (an index into <see cref="Names"/>).</summary>
        public byte[] Next(out int mutation)
        {
            var packet = Template();
            mutation = _random.Next(MutationNames.Length);
            switch (mutation)
            {
                case 4: Duplicate(packet); return Sign(packet, 0.8);
                case 5: Remove(packet); return Sign(packet, 0.8);
                case 6: RandomState(packet); return Sign(packet, 0.9);
                case 8: packet.Add(new RadiusAttribute((byte)_random.Next(256), Bytes(_random.Next(0, 40)))); return Sign(packet, 0.8);
            }
            var bytes = Sign(packet, 1.0);
            switch (mutation)
            {
                case 0:
                    for (int i = _random.Next(1, 9); i > 0; i--) bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8));
                    return bytes;
                case 1:
                    int length = _random.Next(3) == 0 ? _random.Next(0, 4200) : bytes.Length + _random.Next(-24, 25);
                    bytes[2] = (byte)(length >> 8);
                    bytes[3] = (byte)length;
                    return bytes;
                case 2:
                    var offsets = AttributeOffsets(bytes);
                    bytes[offsets[_random.Next(offsets.Count)] + 1] = (byte)_random.Next(256);
                    return bytes;
                case 3:
                    return bytes.Take(_random.Next(0, bytes.Length)).ToArray();
                case 7:
                    int at = AttributeOffsets(bytes).First(o => bytes[o] == RadiusAttributeType.MessageAuthenticator);
                    RandomNumberGenerator.Fill(bytes.AsSpan(at + 2, 16));
                    return bytes;
                default:
                    return bytes.Concat(Bytes(_random.Next(1, 64))).ToArray();
            }
        }

        // What clients send: code-only PAP, username-only, a second round, CHAP, Proxy-State, a VSA, Status-Server.
        private RadiusPacket Template()
        {
            var code = _random.Next(12) == 0 ? RadiusCode.StatusServer : RadiusCode.AccessRequest;
            var packet = new RadiusPacket(code, (byte)_random.Next(256), Bytes(16));
            if (code == RadiusCode.StatusServer) return packet;
            string user = _random.Next(8) == 0 ? "random-" + _random.Next(100000) : _userNames[_random.Next(_userNames.Length)];
            packet.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, user));
            var code6 = Encoding.ASCII.GetBytes(_random.Next(1000000).ToString("D6"));
            switch (_random.Next(6))
            {
                case 0: packet.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(new byte[0], _secret, packet.Authenticator))); break;
                case 1: packet.Add(new RadiusAttribute(RadiusAttributeType.ChapPassword, ChapPassword.Create(1, code6, packet.Authenticator))); break;
                case 2: packet.Add(new RadiusAttribute(RadiusAttributeType.State, Bytes(16))).Add(Pap(code6, packet)); break;
                case 3: packet.Add(Pap(code6, packet)).Add(new RadiusAttribute(RadiusAttributeType.ProxyState, Bytes(_random.Next(1, 30)))); break;
                case 4: packet.Add(Pap(code6, packet)).Add(new VendorSpecificAttribute(311, 1, Bytes(4)).ToAttribute()); break;
                default: packet.Add(Pap(code6, packet)).Add(RadiusAttribute.FromInteger(5, (uint)_random.Next(100))); break;
            }
            return packet;
        }

        private RadiusAttribute Pap(byte[] password, RadiusPacket packet) =>
            new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(password, _secret, packet.Authenticator));

        private void Duplicate(RadiusPacket packet)
        {
            if (packet.Attributes.Count == 0) return;
            var attribute = packet.Attributes[_random.Next(packet.Attributes.Count)];
            for (int i = _random.Next(1, 4); i > 0; i--) packet.Attributes.Insert(_random.Next(packet.Attributes.Count + 1), attribute);
        }

        private void Remove(RadiusPacket packet)
        {
            if (packet.Attributes.Count > 0) packet.Attributes.RemoveAt(_random.Next(packet.Attributes.Count));
        }

        private void RandomState(RadiusPacket packet)
        {
            packet.Attributes.RemoveAll(a => a.Type == RadiusAttributeType.State);
            packet.Add(new RadiusAttribute(RadiusAttributeType.State, Bytes(_random.Next(3) == 0 ? _random.Next(0, 254) : 16)));
        }

        // Signed (Message-Authenticator first, computed) with the given probability, else sent without one.
        private byte[] Sign(RadiusPacket packet, double probability)
        {
            if (packet.EncodedLength + 18 > RadiusPacket.MaxLength) return packet.Encode();
            return _random.NextDouble() < probability ? PacketSigner.EncodeRequest(packet, _secret) : packet.Encode();
        }

        private static List<int> AttributeOffsets(byte[] bytes)
        {
            var offsets = new List<int>();
            for (int offset = RadiusPacket.HeaderLength; offset + 1 < bytes.Length && bytes[offset + 1] >= 2; offset += bytes[offset + 1]) offsets.Add(offset);
            return offsets;
        }

        private byte[] Bytes(int count)
        {
            var bytes = new byte[count];
            _random.NextBytes(bytes);
            return bytes;
        }
    }
}
