using System;
using System.Net;
using System.Text;

namespace RasMfa.Engine.Radius
{
    /// <summary>One attribute as it travels: a type octet and up to 253 octets of value.</summary>
    public sealed class RadiusAttribute
    {
        public const int MaxValueLength = 253;

        public RadiusAttribute(byte type, byte[] value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            if (value.Length > MaxValueLength)
                throw new ArgumentException($"A RADIUS attribute value holds at most {MaxValueLength} octets; got {value.Length}.", nameof(value));
            Type = type;
            Value = value;
        }

        public byte Type { get; }

        public byte[] Value { get; }

        public static RadiusAttribute FromText(byte type, string text) => new RadiusAttribute(type, Encoding.UTF8.GetBytes(text));

        public static RadiusAttribute FromInteger(byte type, uint value) =>
            new RadiusAttribute(type, new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value });

        public static RadiusAttribute FromAddress(byte type, IPAddress address) => new RadiusAttribute(type, address.GetAddressBytes());

        public string AsText() => Encoding.UTF8.GetString(Value);

        public uint AsInteger()
        {
            if (Value.Length != 4) throw new FormatException($"Attribute {Type} is {Value.Length} octets long, not the 4 of an integer.");
            return (uint)(Value[0] << 24 | Value[1] << 16 | Value[2] << 8 | Value[3]);
        }

        public override string ToString() => $"{Type}: {BitConverter.ToString(Value)}";
    }
}
