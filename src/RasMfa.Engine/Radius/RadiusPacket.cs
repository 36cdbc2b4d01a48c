using System;
using System.Collections.Generic;
using System.Linq;

namespace RasMfa.Engine.Radius
{
    /// <summary>
    /// A RADIUS packet (RFC 2865 section 3): header and attributes in wire order.
    /// Parsing never throws on bad input; it reports a <see cref="PacketError"/>.
    /// </summary>
    public sealed class RadiusPacket
    {
        public const int HeaderLength = 20;
        public const int MaxLength = 4096;
        public const int AuthenticatorLength = 16;

        public RadiusPacket(RadiusCode code, byte identifier, byte[] authenticator)
        {
            if (authenticator == null || authenticator.Length != AuthenticatorLength)
                throw new ArgumentException("The authenticator is 16 octets.", nameof(authenticator));
            Code = code;
            Identifier = identifier;
            Authenticator = authenticator;
        }

        public RadiusCode Code { get; }

        public byte Identifier { get; }

        public byte[] Authenticator { get; }

        public List<RadiusAttribute> Attributes { get; } = new List<RadiusAttribute>();

        public RadiusAttribute? Find(byte type) => Attributes.FirstOrDefault(a => a.Type == type);

        public IEnumerable<RadiusAttribute> FindAll(byte type) => Attributes.Where(a => a.Type == type);

        public int Count(byte type) => Attributes.Count(a => a.Type == type);

        public RadiusPacket Add(RadiusAttribute attribute)
        {
            Attributes.Add(attribute);
            return this;
        }

        /// <summary>Checks header and attribute framing. Octets past the Length field are padding and ignored (RFC 2865 section 3).</summary>
        public static PacketError Validate(ReadOnlySpan<byte> data, out int length)
        {
            length = 0;
            if (data.Length < HeaderLength) return PacketError.TooShort;
            if (data.Length > MaxLength) return PacketError.TooLong;
            length = data[2] << 8 | data[3];
            if (length < HeaderLength || length > MaxLength) return PacketError.BadLengthField;
            if (data.Length < length) return PacketError.ShorterThanLengthField;
            int offset = HeaderLength;
            while (offset < length)
            {
                if (length - offset < 2) return PacketError.MalformedAttribute;
                int attributeLength = data[offset + 1];
                if (attributeLength < 2 || offset + attributeLength > length) return PacketError.MalformedAttribute;
                offset += attributeLength;
            }
            return PacketError.None;
        }

        public static PacketError TryParse(ReadOnlySpan<byte> data, out RadiusPacket? packet)
        {
            packet = null;
            var error = Validate(data, out int length);
            if (error != PacketError.None) return error;
            packet = ParseValidated(data, length);
            return PacketError.None;
        }

        /// <summary>Reads a packet that <see cref="Validate"/> has already passed, without checking it again.</summary>
        internal static RadiusPacket ParseValidated(ReadOnlySpan<byte> data, int length)
        {
            var packet = new RadiusPacket((RadiusCode)data[0], data[1], data.Slice(4, AuthenticatorLength).ToArray());
            int offset = HeaderLength;
            while (offset < length)
            {
                int attributeLength = data[offset + 1];
                packet.Attributes.Add(new RadiusAttribute(data[offset], data.Slice(offset + 2, attributeLength - 2).ToArray()));
                offset += attributeLength;
            }
            return packet;
        }

        public int EncodedLength => HeaderLength + Attributes.Sum(a => a.Value.Length + 2);

        /// <summary>Writes the packet as it stands; authenticators are the caller's (see <see cref="PacketSigner"/>).</summary>
        public byte[] Encode()
        {
            int length = EncodedLength;
            if (length > MaxLength) throw new InvalidOperationException($"The packet would be {length} octets; RADIUS allows {MaxLength}.");
            var buffer = new byte[length];
            buffer[0] = (byte)Code;
            buffer[1] = Identifier;
            buffer[2] = (byte)(length >> 8);
            buffer[3] = (byte)length;
            Buffer.BlockCopy(Authenticator, 0, buffer, 4, AuthenticatorLength);
            int offset = HeaderLength;
            foreach (var attribute in Attributes)
            {
                buffer[offset] = attribute.Type;
                buffer[offset + 1] = (byte)(attribute.Value.Length + 2);
                Buffer.BlockCopy(attribute.Value, 0, buffer, offset + 2, attribute.Value.Length);
                offset += attribute.Value.Length + 2;
            }
            return buffer;
        }
    }
}
