using System;
using System.Net;
using System.Text;

namespace RasMfa.Engine.Radius
{
    /// <summary>
    /// One attribute as it travels: a type octet and up to 253 octets of value. An attribute read from a packet is a view
    /// of the packet's octets (<see cref="ValueSpan"/>); its own array (<see cref="Value"/>) is made only when asked for.
    /// </summary>
    public sealed class RadiusAttribute
    {
        public const int MaxValueLength = 253;

        private readonly byte[] _octets;
        private readonly int _offset;
        private byte[]? _value;

        public RadiusAttribute(byte type, byte[] value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            if (value.Length > MaxValueLength)
                throw new ArgumentException($"A RADIUS attribute value holds at most {MaxValueLength} octets; got {value.Length}.", nameof(value));
            Type = type;
            _octets = value;
            _value = value;
            Length = value.Length;
        }

        /// <summary>The value at <paramref name="offset"/> in <paramref name="packet"/>, not copied: the packet's octets must never change.</summary>
        internal RadiusAttribute(byte type, byte[] packet, int offset, int length)
        {
            Type = type;
            _octets = packet;
            _offset = offset;
            Length = length;
        }

        public byte Type { get; }

        /// <summary>Octets of the value (the attribute's header not counted).</summary>
        public int Length { get; }

        /// <summary>The value, as an array of its own (copied out of the packet on first use).</summary>
        public byte[] Value => _value ??= new ReadOnlySpan<byte>(_octets, _offset, Length).ToArray();

        /// <summary>The value without a copy.</summary>
        public ReadOnlySpan<byte> ValueSpan => _value ?? new ReadOnlySpan<byte>(_octets, _offset, Length);

        public static RadiusAttribute FromText(byte type, string text) => new RadiusAttribute(type, Encoding.UTF8.GetBytes(text));

        public static RadiusAttribute FromInteger(byte type, uint value) =>
            new RadiusAttribute(type, new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value });

        public static RadiusAttribute FromAddress(byte type, IPAddress address) => new RadiusAttribute(type, address.GetAddressBytes());

        public string AsText() => _value != null ? Encoding.UTF8.GetString(_value) : Encoding.UTF8.GetString(_octets, _offset, Length);

        public uint AsInteger()
        {
            var value = ValueSpan;
            if (value.Length != 4) throw new FormatException($"Attribute {Type} is {value.Length} octets long, not the 4 of an integer.");
            return (uint)(value[0] << 24 | value[1] << 16 | value[2] << 8 | value[3]);
        }

        public override string ToString() => $"{Type}: {BitConverter.ToString(Value)}";
    }
}
