using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using RasMfa.Engine.Radius;

namespace RasMfa.Fuzz
{
    /// <summary>Makes a datagram's cryptographic parts right, as a client holding the shared secret would (see <see cref="RequestFlags"/>).</summary>
    public static class PacketShaper
    {
        private const byte CodePlaceholder = (byte)'#';

        /// <summary>Sets the Length field to the datagram's size, up to RADIUS's largest.</summary>
        public static byte[] WithLengthOfDatagram(byte[] datagram)
        {
            if (datagram.Length < RadiusPacket.HeaderLength) return datagram;
            var fixedUp = (byte[])datagram.Clone();
            int length = Math.Min(datagram.Length, RadiusPacket.MaxLength);
            fixedUp[2] = (byte)(length >> 8);
            fixedUp[3] = (byte)length;
            return fixedUp;
        }

        /// <summary>Hides the clear User-Password (its '#' replaced by <paramref name="code"/>) and computes CHAP-Password's response.</summary>
        public static byte[] WithRealCredentials(byte[] datagram, byte[] secret, string? code)
        {
            if (RadiusPacket.TryParse(datagram, out var packet) != PacketError.None) return datagram;
            for (int i = 0; i < packet!.Attributes.Count; i++)
            {
                var attribute = packet.Attributes[i];
                if (attribute.Type == RadiusAttributeType.UserPassword)
                {
                    var clear = ReplacePlaceholder(attribute.Value, code);
                    if (clear.Length > PapPassword.MaxLength) return datagram;
                    packet.Attributes[i] = new RadiusAttribute(attribute.Type, PapPassword.Hide(clear, secret, packet.Authenticator));
                }
                else if (attribute.Type == RadiusAttributeType.ChapPassword && attribute.Value.Length == 17)
                {
                    var password = Encoding.ASCII.GetBytes(code ?? "000000");
                    packet.Attributes[i] = new RadiusAttribute(attribute.Type, ChapPassword.Create(attribute.Value[0], password, ChapPassword.ChallengeOf(packet)));
                }
            }
            return TryEncode(packet) ?? datagram;
        }

        /// <summary>Puts <paramref name="state"/> in place of the datagram's first State, or adds it.</summary>
        public static byte[] WithState(byte[] datagram, byte[] state)
        {
            if (RadiusPacket.TryParse(datagram, out var packet) != PacketError.None) return datagram;
            int index = packet!.Attributes.FindIndex(a => a.Type == RadiusAttributeType.State);
            var attribute = new RadiusAttribute(RadiusAttributeType.State, state);
            if (index >= 0) packet.Attributes[index] = attribute;
            else packet.Attributes.Add(attribute);
            return TryEncode(packet) ?? datagram;
        }

        /// <summary>Recomputes Message-Authenticator in place, wherever it stands, when the packet frames and has exactly one of 18 octets.</summary>
        public static byte[] Signed(byte[] datagram, byte[] secret)
        {
            if (RadiusPacket.Validate(datagram, out int length) != PacketError.None) return datagram;
            int valueOffset = -1;
            for (int offset = RadiusPacket.HeaderLength; offset < length; offset += datagram[offset + 1])
            {
                if (datagram[offset] != RadiusAttributeType.MessageAuthenticator) continue;
                if (valueOffset >= 0 || datagram[offset + 1] != 18) return datagram;
                valueOffset = offset + 2;
            }
            if (valueOffset < 0) return datagram;
            var signed = (byte[])datagram.Clone();
            Array.Clear(signed, valueOffset, 16);
            using var hmac = new HMACMD5(secret);
            var mac = hmac.ComputeHash(signed, 0, length);
            Buffer.BlockCopy(mac, 0, signed, valueOffset, 16);
            return signed;
        }

        public static string? UserNameOf(byte[] datagram) =>
            RadiusPacket.TryParse(datagram, out var packet) == PacketError.None ? packet!.Find(RadiusAttributeType.UserName)?.AsText() : null;

        private static byte[] ReplacePlaceholder(byte[] clear, string? code)
        {
            int at = Array.IndexOf(clear, CodePlaceholder);
            if (at < 0 || code == null) return clear;
            var codeBytes = Encoding.ASCII.GetBytes(code);
            return clear.Take(at).Concat(codeBytes).Concat(clear.Skip(at + 1)).ToArray();
        }

        private static byte[]? TryEncode(RadiusPacket packet) => packet.EncodedLength <= RadiusPacket.MaxLength ? packet.Encode() : null;
    }
}
