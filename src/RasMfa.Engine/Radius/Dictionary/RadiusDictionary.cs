using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;

namespace RasMfa.Engine.Radius.Dictionary
{
    /// <summary>
    /// Names and types of attributes. The built-in files (standard.dict, microsoft.dict) are embedded;
    /// an admin adds vendors by loading more files in the same format with <see cref="LoadFile"/>.
    /// </summary>
    public sealed class RadiusDictionary
    {
        private readonly Dictionary<(uint Vendor, byte Type), AttributeDefinition> _byNumber = new Dictionary<(uint, byte), AttributeDefinition>();
        private readonly Dictionary<string, AttributeDefinition> _byName = new Dictionary<string, AttributeDefinition>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, uint> _vendors = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase);

        private static readonly Lazy<RadiusDictionary> BuiltIn = new Lazy<RadiusDictionary>(LoadBuiltIn);

        public static RadiusDictionary Default => BuiltIn.Value;

        public IEnumerable<AttributeDefinition> Attributes => _byNumber.Values;

        public IReadOnlyDictionary<string, uint> Vendors => _vendors;

        public AttributeDefinition? Find(string name) => _byName.TryGetValue(name, out var definition) ? definition : null;

        public AttributeDefinition? Find(uint vendorId, byte type) => _byNumber.TryGetValue((vendorId, type), out var definition) ? definition : null;

        public void LoadFile(string path) => Load(File.ReadAllText(path), path);

        /// <summary>Reads dictionary text; a bad line is an error naming the source and line, never skipped quietly.</summary>
        public void Load(string text, string sourceName)
        {
            uint currentVendor = 0;
            var lines = text.Split('\n');
            for (int index = 0; index < lines.Length; index++)
            {
                var line = lines[index];
                int comment = line.IndexOf('#');
                if (comment >= 0) line = line.Substring(0, comment);
                var words = line.Split(new[] { ' ', '\t', '\r' }, StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0) continue;
                string Where() => $"{sourceName} line {index + 1}";
                switch (words[0].ToUpperInvariant())
                {
                    case "VENDOR" when words.Length >= 3:
                        _vendors[words[1]] = ParseNumber(words[2], Where());
                        break;
                    case "BEGIN-VENDOR" when words.Length >= 2:
                        if (!_vendors.TryGetValue(words[1], out currentVendor)) throw new FormatException($"{Where()}: unknown vendor '{words[1]}'.");
                        break;
                    case "END-VENDOR":
                        currentVendor = 0;
                        break;
                    case "ATTRIBUTE" when words.Length >= 4:
                        var number = ParseNumber(words[2], Where());
                        if (number < 1 || number > 255) throw new FormatException($"{Where()}: attribute number {number} is outside 1-255.");
                        var definition = new AttributeDefinition(words[1], currentVendor, (byte)number, ParseType(words[3], Where()));
                        _byNumber[(currentVendor, definition.Type)] = definition;
                        _byName[definition.Name] = definition;
                        break;
                    case "VALUE" when words.Length >= 4:
                        var attribute = Find(words[1]) ?? throw new FormatException($"{Where()}: VALUE for unknown attribute '{words[1]}'.");
                        attribute.ValueNames[ParseNumber(words[3], Where())] = words[2];
                        break;
                    default:
                        throw new FormatException($"{Where()}: cannot read '{line.Trim()}'.");
                }
            }
        }

        /// <summary>The attribute's name and its value as the dictionary types it; VSAs are named through their vendor.</summary>
        public IEnumerable<KeyValuePair<string, object>> Describe(RadiusAttribute attribute)
        {
            if (attribute.Type == RadiusAttributeType.VendorSpecific)
            {
                var parts = VendorSpecificAttribute.Split(attribute.Value);
                if (parts != null)
                {
                    foreach (var part in parts)
                    {
                        var vendorDefinition = Find(part.VendorId, part.VendorType);
                        var name = vendorDefinition?.Name ?? $"Vendor-{part.VendorId}-Attr-{part.VendorType}";
                        yield return new KeyValuePair<string, object>(name, FormatValue(vendorDefinition, part.Value));
                    }
                    yield break;
                }
            }
            var definition = Find(0, attribute.Type);
            yield return new KeyValuePair<string, object>(definition?.Name ?? $"Attr-{attribute.Type}", FormatValue(definition, attribute.Value));
        }

        private static object FormatValue(AttributeDefinition? definition, byte[] value)
        {
            switch (definition?.DataType)
            {
                case AttributeDataType.Text:
                    return Encoding.UTF8.GetString(value);
                case AttributeDataType.Integer when value.Length == 4:
                    uint number = (uint)(value[0] << 24 | value[1] << 16 | value[2] << 8 | value[3]);
                    return definition.ValueNames.TryGetValue(number, out var valueName) ? valueName : (object)number;
                case AttributeDataType.Date when value.Length == 4:
                    long seconds = (uint)(value[0] << 24 | value[1] << 16 | value[2] << 8 | value[3]);
                    return DateTimeOffset.FromUnixTimeSeconds(seconds);
                case AttributeDataType.IpAddress when value.Length == 4:
                case AttributeDataType.Ipv6Address when value.Length == 16:
                    return new IPAddress(value);
                default:
                    return "0x" + string.Concat(value.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
            }
        }

        private static uint ParseNumber(string word, string where)
        {
            bool hex = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            if (uint.TryParse(hex ? word.Substring(2) : word, hex ? NumberStyles.HexNumber : NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                return number;
            throw new FormatException($"{where}: '{word}' is not a number.");
        }

        private static AttributeDataType ParseType(string word, string where)
        {
            switch (word.ToLowerInvariant())
            {
                case "string":
                case "text": return AttributeDataType.Text;
                case "octets": return AttributeDataType.Octets;
                case "integer": return AttributeDataType.Integer;
                case "ipaddr": return AttributeDataType.IpAddress;
                case "ipv6addr": return AttributeDataType.Ipv6Address;
                case "ipv6prefix": return AttributeDataType.Ipv6Prefix;
                case "ifid": return AttributeDataType.InterfaceId;
                case "date": return AttributeDataType.Date;
                default: throw new FormatException($"{where}: unknown data type '{word}'.");
            }
        }

        private static RadiusDictionary LoadBuiltIn()
        {
            var dictionary = new RadiusDictionary();
            var assembly = typeof(RadiusDictionary).Assembly;
            foreach (var file in new[] { "standard.dict", "microsoft.dict" })
            {
                var resource = "RasMfa.Engine.Radius.Dictionary." + file;
                using var stream = assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException($"Missing embedded dictionary {resource}.");
                using var reader = new StreamReader(stream);
                dictionary.Load(reader.ReadToEnd(), file);
            }
            return dictionary;
        }
    }
}
