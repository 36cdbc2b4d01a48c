using System;
using System.Collections.Generic;

namespace RasMfa.Engine.Radius
{
    /// <summary>Attributes as they travel (type, length, value, one after another), for keeping them in the store.</summary>
    public static class AttributeOctets
    {
        private static readonly RadiusAttribute[] None = new RadiusAttribute[0];

        public static byte[] Encode(IReadOnlyList<RadiusAttribute> attributes)
        {
            int length = 0;
            foreach (var attribute in attributes) length += attribute.Value.Length + 2;
            var octets = new byte[length];
            int offset = 0;
            foreach (var attribute in attributes)
            {
                octets[offset] = attribute.Type;
                octets[offset + 1] = (byte)(attribute.Value.Length + 2);
                Buffer.BlockCopy(attribute.Value, 0, octets, offset + 2, attribute.Value.Length);
                offset += attribute.Value.Length + 2;
            }
            return octets;
        }

        /// <summary>The attributes <see cref="Encode"/> wrote; octets that do not frame as attributes are refused (the store was altered).</summary>
        public static IReadOnlyList<RadiusAttribute> Decode(byte[]? octets)
        {
            if (octets == null || octets.Length == 0) return None;
            var attributes = new List<RadiusAttribute>();
            int offset = 0;
            while (offset < octets.Length)
            {
                if (octets.Length - offset < 2 || octets[offset + 1] < 2 || offset + octets[offset + 1] > octets.Length)
                    throw new FormatException("Stored reply attributes do not frame as RADIUS attributes.");
                var value = new byte[octets[offset + 1] - 2];
                Buffer.BlockCopy(octets, offset + 2, value, 0, value.Length);
                attributes.Add(new RadiusAttribute(octets[offset], value));
                offset += octets[offset + 1];
            }
            return attributes;
        }
    }
}
