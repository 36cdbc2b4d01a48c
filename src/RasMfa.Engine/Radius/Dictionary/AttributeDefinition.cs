using System.Collections.Generic;

namespace RasMfa.Engine.Radius.Dictionary
{
    /// <summary>The data types a dictionary may give an attribute.</summary>
    public enum AttributeDataType
    {
        Octets,
        Text,
        Integer,
        IpAddress,
        Ipv6Address,
        Ipv6Prefix,
        InterfaceId,
        Date,
    }

    /// <summary>One attribute of the dictionary: standard when VendorId is 0, else vendor-specific.</summary>
    public sealed class AttributeDefinition
    {
        public AttributeDefinition(string name, uint vendorId, byte type, AttributeDataType dataType)
        {
            Name = name;
            VendorId = vendorId;
            Type = type;
            DataType = dataType;
        }

        public string Name { get; }

        public uint VendorId { get; }

        public byte Type { get; }

        public AttributeDataType DataType { get; }

        /// <summary>Named values of an integer attribute (VALUE lines).</summary>
        public Dictionary<uint, string> ValueNames { get; } = new Dictionary<uint, string>();
    }
}
