using System;
using System.IO;
using System.Linq;
using System.Text;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Administration;
using Xunit;

namespace RasMfa.Engine.Tests.Tokens
{
    /// <summary>PSKC files shaped like the examples of RFC 6030 (figures 2 and 6), whose key is the RFC 4226 test secret.</summary>
    public class PskcReaderTests
    {
        private const string PlainHotp = @"<?xml version=""1.0"" encoding=""UTF-8""?>
<KeyContainer Version=""1.0"" Id=""exampleID1"" xmlns=""urn:ietf:params:xml:ns:keyprov:pskc"">
  <KeyPackage>
    <DeviceInfo><Manufacturer>Manufacturer</Manufacturer><SerialNo>987654321</SerialNo></DeviceInfo>
    <CryptoModuleInfo><Id>CM_ID_001</Id></CryptoModuleInfo>
    <Key Id=""12345678"" Algorithm=""urn:ietf:params:xml:ns:keyprov:pskc:hotp"">
      <Issuer>Issuer</Issuer>
      <AlgorithmParameters><ResponseFormat Length=""8"" Encoding=""DECIMAL""/></AlgorithmParameters>
      <Data>
        <Secret><PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=</PlainValue></Secret>
        <Counter><PlainValue>0</PlainValue></Counter>
      </Data>
      <UserId>alice</UserId>
    </Key>
  </KeyPackage>
</KeyContainer>";

        private const string EncryptedHotp = @"<?xml version=""1.0"" encoding=""UTF-8""?>
<pskc:KeyContainer xmlns:pskc=""urn:ietf:params:xml:ns:keyprov:pskc"" xmlns:xenc=""http://www.w3.org/2001/04/xmlenc#"" xmlns:ds=""http://www.w3.org/2000/09/xmldsig#"" Version=""1.0"">
  <pskc:EncryptionKey><ds:KeyName>Pre-shared-key</ds:KeyName></pskc:EncryptionKey>
  <pskc:MACMethod Algorithm=""http://www.w3.org/2000/09/xmldsig#hmac-sha1"">
    <pskc:MACKey>
      <xenc:EncryptionMethod Algorithm=""http://www.w3.org/2001/04/xmlenc#aes128-cbc""/>
      <xenc:CipherData><xenc:CipherValue>ESIzRFVmd4iZABEiM0RVZgKn6WjLaTC1sbeBMSvIhRejN9vJa2BOlSaMrR7I5wSX</xenc:CipherValue></xenc:CipherData>
    </pskc:MACKey>
  </pskc:MACMethod>
  <pskc:KeyPackage>
    <pskc:DeviceInfo><pskc:Manufacturer>Manufacturer</pskc:Manufacturer><pskc:SerialNo>987654321</pskc:SerialNo></pskc:DeviceInfo>
    <pskc:CryptoModuleInfo><pskc:Id>CM_ID_001</pskc:Id></pskc:CryptoModuleInfo>
    <pskc:Key Id=""12345678"" Algorithm=""urn:ietf:params:xml:ns:keyprov:pskc:hotp"">
      <pskc:Issuer>Issuer</pskc:Issuer>
      <pskc:AlgorithmParameters><pskc:ResponseFormat Length=""8"" Encoding=""DECIMAL""/></pskc:AlgorithmParameters>
      <pskc:Data>
        <pskc:Secret>
          <pskc:EncryptedValue>
            <xenc:EncryptionMethod Algorithm=""http://www.w3.org/2001/04/xmlenc#aes128-cbc""/>
            <xenc:CipherData><xenc:CipherValue>AAECAwQFBgcICQoLDA0OD+cIHItlB3Wra1DUpxVvOx2lef1VmNPCMl8jwZqIUqGv</xenc:CipherValue></xenc:CipherData>
          </pskc:EncryptedValue>
          <pskc:ValueMAC>Su+NvtQfmvfJzF6bmQiJqoLRExc=</pskc:ValueMAC>
        </pskc:Secret>
        <pskc:Counter><pskc:PlainValue>0</pskc:PlainValue></pskc:Counter>
      </pskc:Data>
    </pskc:Key>
  </pskc:KeyPackage>
</pskc:KeyContainer>";

        private static readonly byte[] PreSharedKey = Hex.Parse("12345678901234567890123456789012");

        [Fact]
        public void A_plain_hotp_key_package_gives_the_rfc4226_token()
        {
            var row = PskcReader.Read(new StringReader(PlainHotp), null).Single();
            Assert.Null(row.Error);
            Assert.Equal("987654321", row.Token!.Serial);
            Assert.Equal(OtpTokenType.Hotp, row.Token.Type);
            Assert.Equal(8, row.Token.Digits);
            Assert.Equal("alice", row.UserName);
            Assert.Equal("84755224", OtpCalculator.Hotp(row.Token, 0));
        }

        [Fact]
        public void An_encrypted_key_package_decrypts_with_the_pre_shared_key_after_its_mac_checks()
        {
            var row = PskcReader.Read(new StringReader(EncryptedHotp), PreSharedKey).Single();
            Assert.Null(row.Error);
            Assert.Equal("12345678901234567890", Encoding.ASCII.GetString(row.Token!.Secret));
        }

        [Fact]
        public void Without_the_key_or_with_a_wrong_one_no_secret_is_read()
        {
            Assert.Contains("pre-shared key", PskcReader.Read(new StringReader(EncryptedHotp), null).Single().Error);
            var wrong = Hex.Parse("00000000000000000000000000000000");
            Assert.Equal("PskcMacKeyUndecryptable", Refusal(EncryptedHotp, wrong));
        }

        private const string MacKeyElement = @"<xenc:CipherData><xenc:CipherValue>ESIzRFVmd4iZABEiM0RVZgKn6WjLaTC1sbeBMSvIhRejN9vJa2BOlSaMrR7I5wSX</xenc:CipherValue></xenc:CipherData>";

        private static string Refusal(string file, byte[]? key) =>
            Assert.Throws<EngineException>(() => PskcReader.Read(new StringReader(file), key)).ErrorId;

        [Fact]
        public void An_encrypted_file_without_a_mac_key_is_refused_as_a_whole_not_imported_unchecked()
        {
            var start = EncryptedHotp.IndexOf("<pskc:MACMethod", StringComparison.Ordinal);
            var end = EncryptedHotp.IndexOf("</pskc:MACMethod>", StringComparison.Ordinal) + "</pskc:MACMethod>".Length;
            var noMacMethod = EncryptedHotp.Remove(start, end - start);
            Assert.Equal("PskcMacKeyMissing", Refusal(noMacMethod, PreSharedKey));
            Assert.Equal("PskcMacKeyMissing", Refusal(noMacMethod, null));
            Assert.Equal("PskcMacKeyMissing", Refusal(EncryptedHotp.Replace(MacKeyElement, ""), PreSharedKey));
        }

        [Theory]
        [InlineData("ESIzRFVmd4iZABEiM0RVZgKn6WjLaTC1sbeBMSvIhRej")] // not a whole number of AES blocks
        [InlineData("ESIzRFVmd4iZABEiM0RVZg==")] // an IV and nothing else
        [InlineData("ESIzRFVmd4iZABEiM0RVZgKn6WjLaTC1sbeBMSvIhRejN9vJa2BOlSaMrR7I5wSY")] // last block altered: bad padding
        [InlineData("not base64 at all!")]
        public void A_mac_key_that_does_not_decrypt_refuses_the_file(string cipherValue)
        {
            var file = EncryptedHotp.Replace("ESIzRFVmd4iZABEiM0RVZgKn6WjLaTC1sbeBMSvIhRejN9vJa2BOlSaMrR7I5wSX", cipherValue);
            Assert.Equal("PskcMacKeyUndecryptable", Refusal(file, PreSharedKey));
        }

        [Fact]
        public void Encrypted_values_without_a_value_mac_refuse_the_file()
        {
            var file = EncryptedHotp.Replace("<pskc:ValueMAC>Su+NvtQfmvfJzF6bmQiJqoLRExc=</pskc:ValueMAC>", "");
            Assert.Equal("PskcValueMacMissing", Refusal(file, PreSharedKey));
        }

        [Fact]
        public void A_value_mac_that_does_not_match_or_does_not_decode_fails_that_token()
        {
            foreach (var mac in new[] { "Su+NvtQfmvfJzF6bmQiJqoLRExY=", "***" })
            {
                var row = PskcReader.Read(new StringReader(EncryptedHotp.Replace("Su+NvtQfmvfJzF6bmQiJqoLRExc=", mac)), PreSharedKey).Single();
                Assert.Null(row.Token);
                Assert.Contains("ValueMAC", row.Error);
            }
        }

        private static string Package(string serial, string algorithm, string secret, string counter = "0", string digits = "6") => $@"
  <KeyPackage>
    <DeviceInfo><SerialNo>{serial}</SerialNo></DeviceInfo>
    <Key Algorithm=""urn:ietf:params:xml:ns:keyprov:pskc:{algorithm}"">
      <AlgorithmParameters><ResponseFormat Length=""{digits}"" Encoding=""DECIMAL""/></AlgorithmParameters>
      <Data>
        <Secret><PlainValue>{secret}</PlainValue></Secret>
        <Counter><PlainValue>{counter}</PlainValue></Counter>
      </Data>
    </Key>
  </KeyPackage>";

        [Fact]
        public void A_malformed_value_fails_its_own_key_package_and_the_others_are_read()
        {
            const string good = "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=";
            var file = @"<KeyContainer Version=""1.0"" xmlns=""urn:ietf:params:xml:ns:keyprov:pskc"">"
                + Package("bad-base64", "hotp", "***not base64***")
                + Package("short", "hotp", "MTIzNDU2Nzg=")
                + Package("bad-counter", "hotp", good, counter: "twelve")
                + Package("negative-counter", "hotp", good, counter: "-1")
                + Package("huge-counter", "hotp", good, counter: "99999999999999999999999")
                + Package("bad-digits", "hotp", good, digits: "eight")
                + Package("huge-digits", "hotp", good, digits: "99999999999")
                + Package("unknown", "ocra", good)
                + Package("good", "hotp", good, counter: "5")
                + "</KeyContainer>";
            var rows = PskcReader.Read(new StringReader(file), null).ToList();
            Assert.Equal(9, rows.Count);
            Assert.All(rows.Take(8), row => { Assert.Null(row.Token); Assert.False(string.IsNullOrEmpty(row.Error)); });
            Assert.Null(rows[8].Error);
            Assert.Equal("good", rows[8].Token!.Serial);
            Assert.Equal(5, rows[8].Token!.Counter);
        }

        [Fact]
        public void A_tampered_cipher_value_fails_the_mac()
        {
            var tampered = EncryptedHotp.Replace("AAECAwQFBgcICQoLDA0OD+cI", "AAECAwQFBgcICQoLDA0OD+cJ");
            Assert.Contains("ValueMAC", PskcReader.Read(new StringReader(tampered), PreSharedKey).Single().Error);
        }

        [Fact]
        public void Dtds_and_non_pskc_files_are_refused_with_a_reason()
        {
            var withDtd = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><KeyContainer xmlns=\"urn:ietf:params:xml:ns:keyprov:pskc\">&e;</KeyContainer>";
            Assert.Contains("Not a readable PSKC file", PskcReader.Read(new StringReader(withDtd), null).Single().Error);
            Assert.Contains("not a KeyContainer", PskcReader.Read(new StringReader("<other/>"), null).Single().Error);
        }
    }
}
