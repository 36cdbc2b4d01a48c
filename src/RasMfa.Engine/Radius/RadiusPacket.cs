using System;
using System.Collections.Generic;

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
            : this(code, identifier, authenticator, new List<RadiusAttribute>())
        {
        }

        private RadiusPacket(RadiusCode code, byte identifier, byte[] authenticator, List<RadiusAttribute> attributes)
        {
            if (authenticator == null || authenticator.Length != AuthenticatorLength)
                throw new ArgumentException("The authenticator is 16 octets.", nameof(authenticator));
            Code = code;
            Identifier = identifier;
            Authenticator = authenticator;
            Attributes = attributes;
        }

        public RadiusCode Code { get; }

        public byte Identifier { get; }

        public byte[] Authenticator { get; }

        public List<RadiusAttribute> Attributes { get; }

        // Loops, not LINQ: these run several times for every request, and a loop allocates nothing.
        public RadiusAttribute? Find(byte type)
        {
            foreach (var attribute in Attributes) if (attribute.Type == type) return attribute;
            return null;
        }

        public IEnumerable<RadiusAttribute> FindAll(byte type)
        {
            foreach (var attribute in Attributes) if (attribute.Type == type) yield return attribute;
        }

        public int Count(byte type)
        {
            int count = 0;
            foreach (var attribute in Attributes) if (attribute.Type == type) count++;
            return count;
        }

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

        /// <summary>
        /// Reads a packet that <see cref="Validate"/> has already passed, without checking it again. The packet keeps one
        /// copy of the octets, which its attributes are views of: the caller's buffer may be used again at once.
        /// </summary>
        internal static RadiusPacket ParseValidated(ReadOnlySpan<byte> data, int length)
        {
            var octets = data.Slice(0, length).ToArray();
            int count = 0;
            for (int offset = HeaderLength; offset < length; offset += octets[offset + 1]) count++;
            var packet = new RadiusPacket((RadiusCode)octets[0], octets[1], data.Slice(4, AuthenticatorLength).ToArray(), new List<RadiusAttribute>(count));
            for (int offset = HeaderLength; offset < length; offset += octets[offset + 1])
                packet.Attributes.Add(new RadiusAttribute(octets[offset], octets, offset + 2, octets[offset + 1] - 2));
            return packet;
        }

        public int EncodedLength
        {
            get
            {
                int length = HeaderLength;
                foreach (var attribute in Attributes) length += attribute.Length + 2;
                return length;
            }
        }

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
            foreach (var attribute in Attributes) offset = Write(buffer, offset, attribute.Type, attribute.ValueSpan);
            return buffer;
        }

        /// <summary>Writes one attribute (type, length, value) at <paramref name="offset"/>; returns the offset after it.</summary>
        internal static int Write(Span<byte> packet, int offset, byte type, ReadOnlySpan<byte> value)
        {
            packet[offset] = type;
            packet[offset + 1] = (byte)(value.Length + 2);
            value.CopyTo(packet.Slice(offset + 2));
            return offset + value.Length + 2;
        }
    }
}
