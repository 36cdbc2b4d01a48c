using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;

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

            int digits = int.TryParse(key.Element(Pskc + "AlgorithmParameters")?.Element(Pskc + "ResponseFormat")?.Attribute("Length")?.Value, out var length) ? length : 6;
            if (digits != 6 && digits != 8) return Fail($"has {digits}-digit responses; 6 or 8 are supported.");
            long counter = Number(data!.Element(Pskc + "Counter"), preSharedKey, macKey) ?? 0;
            long period = Number(data.Element(Pskc + "TimeInterval"), preSharedKey, macKey) ?? 30;
            if (period < 10 || period > 300) return Fail($"has a time interval of {period} s; 10 to 300 are supported.");
            var token = new OtpToken(serial!, type, secret) { Digits = digits, Period = (int)period, Counter = counter };
            return new OathTokenRow(source, token, string.IsNullOrEmpty(userName) ? null : userName, null);
        }

        private static long? Number(XElement? element, byte[]? preSharedKey, byte[]? macKey)
        {
            if (element == null) return null;
            var plain = element.Element(Pskc + "PlainValue");
            if (plain != null) return long.Parse(plain.Value.Trim(), CultureInfo.InvariantCulture);
            var bytes = ReadValue(element, preSharedKey, macKey, out _);
            if (bytes == null) return null;
            long value = 0;
            foreach (var b in bytes) value = value << 8 | b;
            return value;
        }

        private static byte[]? ReadValue(XElement element, byte[]? preSharedKey, byte[]? macKey, out string? error)
        {
            error = null;
            var plain = element.Element(Pskc + "PlainValue");
            if (plain != null) return Convert.FromBase64String(plain.Value.Trim());
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
            var cipher = Convert.FromBase64String(encrypted.Element(XmlEnc + "CipherData")?.Element(XmlEnc + "CipherValue")?.Value.Trim() ?? "");
            var method = encrypted.Element(XmlEnc + "EncryptionMethod")?.Attribute("Algorithm")?.Value;
            if (method != Aes128Cbc || cipher.Length < 32)
            {
                error = $"is encrypted with '{method}'; only AES-128-CBC with a pre-shared key is supported.";
                return null;
            }
            var valueMac = element.Element(Pskc + "ValueMAC")?.Value;
            if (macKey != null)
            {
                using var hmac = new HMACSHA1(macKey);
                if (valueMac == null || !Radius.ConstantTime.AreEqual(hmac.ComputeHash(cipher), Convert.FromBase64String(valueMac.Trim())))
                {
                    error = "fails its ValueMAC check: wrong pre-shared key, or the file was altered.";
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

        // The MAC key is itself encrypted with the pre-shared key (RFC 6030 section 6.1.1).
        private static byte[]? MacKey(XElement container, byte[]? preSharedKey)
        {
            var cipherValue = container.Element(Pskc + "MACMethod")?.Element(Pskc + "MACKey")?.Element(XmlEnc + "CipherData")?.Element(XmlEnc + "CipherValue")?.Value;
            if (cipherValue == null || preSharedKey == null) return null;
            try
            {
                return Decrypt(Convert.FromBase64String(cipherValue.Trim()), preSharedKey);
            }
            catch (CryptographicException)
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
