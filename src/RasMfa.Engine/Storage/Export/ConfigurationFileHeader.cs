using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage.Export
{
    /// <summary>
    /// The first line of a configuration file, in clear: what it is, how its key is derived from the passphrase (Argon2id
    /// with its salt and cost), how its body is sealed (AES-256-GCM segments), and a value that tells a wrong passphrase from
    /// a damaged body. Every segment of the body takes these exact octets as associated data, so an altered header opens
    /// nothing. Read with bounds on everything before any costly work (docs/configuration-file.md).
    /// </summary>
    internal sealed class ConfigurationFileHeader
    {
        public const string Format = "RasMfa.Configuration";
        public const int Version1 = 1;
        public const string KdfName = "Argon2id-1.3";
        public const string CipherName = "AES-256-GCM-segments";
        public const int NoncePrefixLength = 7;
        public const int CheckLength = 32;
        public const int DefaultSegmentOctets = 64 * 1024;
        public const int MinSegmentOctets = 1024;
        public const int MaxSegmentOctets = 1024 * 1024;
        /// <summary>A header is a few hundred characters; a longer first line is not one.</summary>
        public const int MaxLength = 4096;
        private const int MinSaltLength = 16;
        private const int MaxSaltLength = 64;

        public ConfigurationFileHeader(Argon2idCost cost, byte[] salt, int segmentOctets, byte[] noncePrefix, byte[] check)
        {
            Cost = cost;
            Salt = salt;
            SegmentOctets = segmentOctets;
            NoncePrefix = noncePrefix;
            Check = check;
        }

        public Argon2idCost Cost { get; }
        public byte[] Salt { get; }
        public int SegmentOctets { get; }
        public byte[] NoncePrefix { get; }
        public byte[] Check { get; }

        /// <summary>The header's line as written, without its line end: the associated data of every segment.</summary>
        public byte[] Octets { get; private set; } = Array.Empty<byte>();

        public byte[] Write()
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("format", Format);
                json.WriteNumber("version", Version1);
                json.WriteString("kdf", KdfName);
                json.WriteNumber("memoryKiB", Cost.MemoryKiB);
                json.WriteNumber("passes", Cost.Passes);
                json.WriteNumber("lanes", Cost.Lanes);
                json.WriteString("salt", Convert.ToBase64String(Salt));
                json.WriteString("cipher", CipherName);
                json.WriteNumber("segmentOctets", SegmentOctets);
                json.WriteString("noncePrefix", Convert.ToBase64String(NoncePrefix));
                json.WriteString("check", Convert.ToBase64String(Check));
                json.WriteEndObject();
            }
            Octets = buffer.ToArray();
            return Octets;
        }

        /// <summary>Reads and checks a header line: its structure, version, KDF, cost and sizes, and nothing costly.</summary>
        public static ConfigurationFileHeader Read(byte[] line)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                throw ConfigurationFileErrors.Damaged("it does not begin with a RasMfa configuration file's header");
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || Text(root, "format") != Format)
                    throw ConfigurationFileErrors.Damaged("it does not begin with a RasMfa configuration file's header");
                long version = Number(root, "version");
                if (version != Version1)
                    throw ConfigurationFileErrors.Unsupported($"it is of version {version}, which this RasMfa does not know; update RasMfa on this server");
                if (Text(root, "kdf") != KdfName || Text(root, "cipher") != CipherName)
                    throw ConfigurationFileErrors.Unsupported($"its key derivation or cipher ({Text(root, "kdf")}, {Text(root, "cipher")}) is not one this RasMfa knows");
                var cost = new Argon2idCost(Number(root, "memoryKiB"), Number(root, "passes"), Number(root, "lanes"));
                if (cost.Invalidity() is string invalidity)
                    throw ConfigurationFileErrors.Unsupported($"its key derivation {invalidity}; RasMfa never writes such a file, so it is damaged or not RasMfa's");
                long segment = Number(root, "segmentOctets");
                if (segment < MinSegmentOctets || segment > MaxSegmentOctets)
                    throw ConfigurationFileErrors.Unsupported($"its segments of {segment.ToString(CultureInfo.InvariantCulture)} octets are outside {MinSegmentOctets} to {MaxSegmentOctets}");
                var salt = Octets64(root, "salt");
                if (salt.Length < MinSaltLength || salt.Length > MaxSaltLength) throw ConfigurationFileErrors.Damaged($"its salt is {salt.Length} octets long");
                var prefix = Octets64(root, "noncePrefix");
                if (prefix.Length != NoncePrefixLength) throw ConfigurationFileErrors.Damaged($"its nonce prefix is {prefix.Length} octets long");
                var check = Octets64(root, "check");
                if (check.Length != CheckLength) throw ConfigurationFileErrors.Damaged($"its check value is {check.Length} octets long");
                return new ConfigurationFileHeader(cost, salt, (int)segment, prefix, check) { Octets = (byte[])line.Clone() };
            }
        }

        private static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static long Number(JsonElement root, string name)
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)) return number;
            throw ConfigurationFileErrors.Damaged($"its header has no whole number \"{name}\"");
        }

        private static byte[] Octets64(JsonElement root, string name)
        {
            try
            {
                return Convert.FromBase64String(Text(root, name) ?? throw ConfigurationFileErrors.Damaged($"its header has no \"{name}\""));
            }
            catch (FormatException)
            {
                throw ConfigurationFileErrors.Damaged($"its header's \"{name}\" is not Base64");
            }
        }

        /// <summary>For an error message: the header's text, which holds nothing secret.</summary>
        public override string ToString() => Encoding.UTF8.GetString(Octets);
    }
}
