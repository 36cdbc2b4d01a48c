using System.IO;
using System.Linq;
using System.Text;
using RasMfa.Engine.Tokens;
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
            var row = PskcReader.Read(new StringReader(EncryptedHotp), wrong).Single();
            Assert.Null(row.Token);
            Assert.NotNull(row.Error);
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
