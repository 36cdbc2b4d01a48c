using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Tokens
{
    /// <summary>
    /// PSKC (RFC 6030) key containers as token vendors ship them: HOTP and TOTP keys, plain or encrypted with a
    /// pre-shared AES-128-CBC key (section 6.1), whose HMAC-SHA1 value MAC is checked before a key is trusted.
    /// </summary>
    public static class PskcReader
    {
        private static readonly XNamespace Pskc = "urn:ietf:params:xml:ns:keyprov:pskc";
        private static readonly XNamespace XmlEnc = "http://www.w3.org/2001/04/xmlenc#";
        private const string HotpAlgorithm = "urn:ietf:params:xml:ns:keyprov:pskc:hotp";
        private const string TotpAlgorithm = "urn:ietf:params:xml:ns:keyprov:pskc:totp";
        private const string Aes128Cbc = "http://www.w3.org/2001/04/xmlenc#aes128-cbc";
        private const string HmacSha1 = "http://www.w3.org/2000/09/xmldsig#hmac-sha1";

        /// <summary>A value of one key package that cannot be read; that package fails, the others are read.</summary>
        private sealed class MalformedValueException : Exception
        {
            public MalformedValueException(string message) : base(message) { }
        }

        /// <summary>Reads the key packages; one that cannot be read is a row with an error.</summary>
        /// <exception cref="EngineException">
        /// A file with encrypted values whose MAC key is missing or does not decrypt with the pre-shared key
        /// (PskcMacKeyMissing, PskcMacKeyUndecryptable), or whose encrypted values carry no ValueMAC
        /// (PskcValueMacMissing): nothing in it can be checked, so nothing of it is read.
        /// </exception>
        public static IEnumerable<OathTokenRow> Read(TextReader reader, byte[]? preSharedKey)
        {
            XDocument document;
            try
            {
                // No DTDs: a key file has no business with entities, and they are how XML attacks start.
                using var xml = XmlReader.Create(reader, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
                document = XDocument.Load(xml);
            }
            catch (XmlException e)
            {
                return new[] { new OathTokenRow("file", null, null, $"Not a readable PSKC file: {e.Message}") };
            }
            var container = document.Root;
            if (container == null || container.Name != Pskc + "KeyContainer")
                return new[] { new OathTokenRow("file", null, null, "Not a PSKC file: the root is not a KeyContainer.") };
            var macKey = MacKey(container, preSharedKey);
            return container.Elements(Pskc + "KeyPackage").Select((package, index) => ReadPackage(package, index + 1, preSharedKey, macKey)).ToList();
        }

        private static OathTokenRow ReadPackage(XElement package, int number, byte[]? preSharedKey, byte[]? macKey)
        {
            try
            {
                return ReadPackageValues(package, number, preSharedKey, macKey);
            }
            catch (MalformedValueException e)
            {
                var userName = package.Element(Pskc + "Key")?.Element(Pskc + "UserId")?.Value.Trim() ?? package.Element(Pskc + "DeviceInfo")?.Element(Pskc + "UserId")?.Value.Trim();
                return new OathTokenRow($"KeyPackage {number}", null, string.IsNullOrEmpty(userName) ? null : userName, e.Message);
            }
        }

        private static OathTokenRow ReadPackageValues(XElement package, int number, byte[]? preSharedKey, byte[]? macKey)
        {
            var source = $"KeyPackage {number}";
            var key = package.Element(Pskc + "Key");
            var serial = package.Element(Pskc + "DeviceInfo")?.Element(Pskc + "SerialNo")?.Value.Trim() ?? key?.Attribute("Id")?.Value;
            var userName = key?.Element(Pskc + "UserId")?.Value.Trim() ?? package.Element(Pskc + "DeviceInfo")?.Element(Pskc + "UserId")?.Value.Trim();
            OathTokenRow Fail(string error) => new OathTokenRow(source, null, userName, error);
            if (key == null) return Fail("has no Key.");
            if (string.IsNullOrEmpty(serial)) return Fail("has no DeviceInfo/SerialNo or Key Id.");
            var algorithm = key.Attribute("Algorithm")?.Value;
            OtpTokenType type;
            if (algorithm == HotpAlgorithm) type = OtpTokenType.Hotp;
            else if (algorithm == TotpAlgorithm) type = OtpTokenType.Totp;
            else return Fail($"uses the algorithm '{algorithm}', not HOTP or TOTP.");

            var data = key.Element(Pskc + "Data");
            var secretElement = data?.Element(Pskc + "Secret");
            if (secretElement == null) return Fail("has no Data/Secret.");
            var secret = ReadValue(secretElement, preSharedKey, macKey, out var secretError);
            if (secret == null) return Fail(secretError!);
            if (secret.Length < 16) return Fail($"has a {secret.Length * 8}-bit secret; at least 128 are required.");

            var length = key.Element(Pskc + "AlgorithmParameters")?.Element(Pskc + "ResponseFormat")?.Attribute("Length")?.Value;
            int digits = 6;
            if (length != null && !int.TryParse(length.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out digits))
                return Fail($"has the response length '{length}', not a number; 6 or 8 are supported.");
            if (digits != 6 && digits != 8) return Fail($"has {digits}-digit responses; 6 or 8 are supported.");
            long counter = Number(data!.Element(Pskc + "Counter"), "Counter", preSharedKey, macKey) ?? 0;
            long period = Number(data.Element(Pskc + "TimeInterval"), "TimeInterval", preSharedKey, macKey) ?? 30;
            if (period < 10 || period > 300) return Fail($"has a time interval of {period} s; 10 to 300 are supported.");
            var token = new OtpToken(serial!, type, secret) { Digits = digits, Period = (int)period, Counter = counter };
            return new OathTokenRow(source, token, string.IsNullOrEmpty(userName) ? null : userName, null);
        }

        // A non-negative whole number: plain decimal, or (encrypted) big-endian octets, at most 63 bits.
        private static long? Number(XElement? element, string name, byte[]? preSharedKey, byte[]? macKey)
        {
            if (element == null) return null;
            var plain = element.Element(Pskc + "PlainValue");
            if (plain != null)
            {
                if (!long.TryParse(plain.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                    throw new MalformedValueException($"has the {name} '{plain.Value.Trim()}', not a whole number from 0 to {long.MaxValue}.");
                return parsed;
            }
            var bytes = ReadValue(element, preSharedKey, macKey, out var error);
            if (bytes == null) throw new MalformedValueException($"has a {name} that {error}");
            if (bytes.Length > 8 || (bytes.Length == 8 && bytes[0] >= 0x80))
                throw new MalformedValueException($"has a {bytes.Length * 8}-bit {name}; at most 63 bits are supported.");
            long value = 0;
            foreach (var b in bytes) value = value << 8 | b;
            return value;
        }

        private static byte[]? ReadValue(XElement element, byte[]? preSharedKey, byte[]? macKey, out string? error)
        {
            error = null;
            var plain = element.Element(Pskc + "PlainValue");
            if (plain != null)
            {
                var decoded = Base64(plain.Value);
                if (decoded == null) error = "has a PlainValue that is not base64.";
                return decoded;
            }
            var encrypted = element.Element(Pskc + "EncryptedValue");
            if (encrypted == null)
            {
                error = "has neither PlainValue nor EncryptedValue.";
                return null;
            }
            if (preSharedKey == null)
            {
                error = "is encrypted; give the vendor's pre-shared key with -PreSharedKey.";
                return null;
            }
            var method = encrypted.Element(XmlEnc + "EncryptionMethod")?.Attribute("Algorithm")?.Value;
            if (method != Aes128Cbc)
            {
                error = $"is encrypted with '{method}'; only AES-128-CBC with a pre-shared key is supported.";
                return null;
            }
            var cipher = Base64(encrypted.Element(XmlEnc + "CipherData")?.Element(XmlEnc + "CipherValue")?.Value ?? "");
            if (cipher == null || cipher.Length < 32 || cipher.Length % 16 != 0)
            {
                error = "has a CipherValue that is not base64 of an IV and whole AES blocks.";
                return null;
            }
            // Read checked that every encrypted value has a ValueMAC and that the MAC key decrypted: never unchecked.
            var valueMac = Base64(element.Element(Pskc + "ValueMAC")?.Value ?? "");
            if (macKey == null) throw new InvalidOperationException("An encrypted value was read without a MAC key.");
            using (var hmac = new HMACSHA1(macKey))
            {
                if (valueMac == null || !Radius.ConstantTime.AreEqual(hmac.ComputeHash(cipher), valueMac))
                {
                    error = "fails its ValueMAC check: the file was altered, or the ValueMAC is not base64.";
                    return null;
                }
            }
            try
            {
                return Decrypt(cipher, preSharedKey);
            }
            catch (CryptographicException)
            {
                error = "does not decrypt with the pre-shared key given.";
                return null;
            }
        }

        // The MAC key is itself encrypted with the pre-shared key (RFC 6030 section 6.1.1). A file with encrypted
        // values must carry it and a ValueMAC on each of them; otherwise none of its values can be checked.
        private static byte[]? MacKey(XElement container, byte[]? preSharedKey)
        {
            var encryptedValues = container.Descendants(Pskc + "EncryptedValue").ToList();
            if (encryptedValues.Count == 0) return null;
            var macMethod = container.Element(Pskc + "MACMethod");
            var cipherValue = macMethod?.Element(Pskc + "MACKey")?.Element(XmlEnc + "CipherData")?.Element(XmlEnc + "CipherValue")?.Value;
            if (cipherValue == null)
                throw new EngineException(EngineErrorKind.InvalidArgument, "PskcMacKeyMissing",
                    "The PSKC file has encrypted values but no MACMethod/MACKey, so they cannot be checked; nothing was imported. Ask the vendor for a file with a MAC key.");
            var algorithm = macMethod!.Attribute("Algorithm")?.Value;
            if (algorithm != HmacSha1)
                throw new EngineException(EngineErrorKind.InvalidArgument, "PskcMacMethodUnsupported",
                    $"The PSKC file's values are MACed with '{algorithm}'; only HMAC-SHA1 is supported. Nothing was imported.");
            if (encryptedValues.Any(value => value.Parent?.Element(Pskc + "ValueMAC") == null))
                throw new EngineException(EngineErrorKind.InvalidArgument, "PskcValueMacMissing",
                    "The PSKC file has encrypted values without a ValueMAC, so they cannot be checked; nothing was imported.");
            if (preSharedKey == null) return null; // each encrypted value then asks for -PreSharedKey
            var method = macMethod.Element(Pskc + "MACKey")!.Element(XmlEnc + "EncryptionMethod")?.Attribute("Algorithm")?.Value;
            var cipher = Base64(cipherValue);
            byte[]? macKey = null;
            if (method == Aes128Cbc && cipher != null && cipher.Length >= 32 && cipher.Length % 16 == 0)
            {
                try
                {
                    macKey = Decrypt(cipher, preSharedKey);
                }
                catch (CryptographicException)
                {
                }
            }
            // HMAC-SHA1 keys are 20 octets in practice; fewer than 16 is a wrong key whose padding happened to check.
            if (macKey == null || macKey.Length < 16)
                throw new EngineException(EngineErrorKind.InvalidArgument, "PskcMacKeyUndecryptable",
                    "The PSKC file's MAC key does not decrypt with the pre-shared key given (wrong key, or a damaged file); nothing was imported.");
            return macKey;
        }

        private static byte[]? Base64(string value)
        {
            try
            {
                return Convert.FromBase64String(value.Trim());
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private static byte[] Decrypt(byte[] ivAndCipher, byte[] key)
        {
            using var aes = Aes.Create();
            aes.Key = key;
            aes.Mode = CipherMode.CBC;
            aes.Padding = PaddingMode.PKCS7;
            var iv = new byte[16];
            Buffer.BlockCopy(ivAndCipher, 0, iv, 0, 16);
            aes.IV = iv;
            using var decryptor = aes.CreateDecryptor();
            return decryptor.TransformFinalBlock(ivAndCipher, 16, ivAndCipher.Length - 16);
        }
    }
}
