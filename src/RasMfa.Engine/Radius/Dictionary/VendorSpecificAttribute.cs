using System;
using System.Collections.Generic;

namespace RasMfa.Engine.Radius.Dictionary
{
    /// <summary>A sub-attribute of Vendor-Specific (RFC 2865 section 5.26), in the common one-octet type/length layout.</summary>
    public sealed class VendorSpecificAttribute
    {
        public VendorSpecificAttribute(uint vendorId, byte vendorType, byte[] value)
        {
            VendorId = vendorId;
            VendorType = vendorType;
            Value = value;
        }

        public uint VendorId { get; }

        public byte VendorType { get; }

        public byte[] Value { get; }

        /// <summary>Splits a Vendor-Specific value; null when it does not follow the one-octet layout.</summary>
        public static IReadOnlyList<VendorSpecificAttribute>? Split(byte[] vendorSpecificValue)
        {
            if (vendorSpecificValue.Length < 6) return null;
            uint vendorId = (uint)(vendorSpecificValue[0] << 24 | vendorSpecificValue[1] << 16 | vendorSpecificValue[2] << 8 | vendorSpecificValue[3]);
            var result = new List<VendorSpecificAttribute>();
            int offset = 4;
            while (offset < vendorSpecificValue.Length)
            {
                if (vendorSpecificValue.Length - offset < 2) return null;
                int length = vendorSpecificValue[offset + 1];
                if (length < 2 || offset + length > vendorSpecificValue.Length) return null;
                var value = new byte[length - 2];
                Buffer.BlockCopy(vendorSpecificValue, offset + 2, value, 0, value.Length);
                result.Add(new VendorSpecificAttribute(vendorId, vendorSpecificValue[offset], value));
                offset += length;
            }
            return result;
        }

        public RadiusAttribute ToAttribute()
        {
            var bytes = new byte[6 + Value.Length];
            bytes[0] = (byte)(VendorId >> 24);
            bytes[1] = (byte)(VendorId >> 16);
            bytes[2] = (byte)(VendorId >> 8);
            bytes[3] = (byte)VendorId;
            bytes[4] = VendorType;
            bytes[5] = (byte)(Value.Length + 2);
            Buffer.BlockCopy(Value, 0, bytes, 6, Value.Length);
            return new RadiusAttribute(RadiusAttributeType.VendorSpecific, bytes);
        }
    }
}
