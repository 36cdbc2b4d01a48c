using System.Linq;
using System.Security.Cryptography;
using System.Text;
using RasMfa.Engine.Radius;
using Xunit;

namespace RasMfa.Engine.Tests.Radius
{
    public class MessageAuthenticatorTests
    {
        private static readonly byte[] Secret = Encoding.ASCII.GetBytes("a-good-long-shared-secret");

        private static RadiusPacket Request() =>
            new RadiusPacket(RadiusCode.AccessRequest, 42, Enumerable.Range(1, 16).Select(i => (byte)i).ToArray())
                .Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, "alice"))
                .Add(new RadiusAttribute(RadiusAttributeType.UserPassword, new byte[16]));

        [Fact]
        public void A_signed_request_carries_it_first_and_verifies()
        {
            var bytes = PacketSigner.EncodeRequest(Request(), Secret);
            Assert.Equal(RadiusAttributeType.MessageAuthenticator, bytes[20]);
            Assert.Equal(18, bytes[21]);
            Assert.Equal(MessageAuthenticatorStatus.Valid, PacketSigner.VerifyMessageAuthenticator(bytes, bytes.Length, Secret));
        }

        [Fact]
        public void It_is_HMAC_MD5_over_the_packet_with_itself_zeroed()
        {
            var bytes = PacketSigner.EncodeRequest(Request(), Secret);
            var zeroed = (byte[])bytes.Clone();
            for (int i = 22; i < 38; i++) zeroed[i] = 0;
            using var hmac = new HMACMD5(Secret);
            Assert.Equal(hmac.ComputeHash(zeroed), bytes.Skip(22).Take(16).ToArray());
        }

        [Fact]
        public void Any_changed_octet_or_wrong_secret_is_invalid()
        {
            var bytes = PacketSigner.EncodeRequest(Request(), Secret);
            for (int i = 0; i < bytes.Length; i++)
            {
                var changed = (byte[])bytes.Clone();
                changed[i] ^= 0x01;
                // Length and attribute-length octets change framing; the type octet turns it into another attribute (Absent).
                if (i == 2 || i == 3 || i == 20 || i == 21) continue;
                Assert.Equal(MessageAuthenticatorStatus.Invalid, PacketSigner.VerifyMessageAuthenticator(changed, changed.Length, Secret));
            }
            Assert.Equal(MessageAuthenticatorStatus.Invalid, PacketSigner.VerifyMessageAuthenticator(bytes, bytes.Length, Encoding.ASCII.GetBytes("another-secret")));
        }

        [Fact]
        public void It_is_found_wherever_it_stands_and_twice_is_invalid()
        {
            var packet = Request();
            packet.Add(new RadiusAttribute(RadiusAttributeType.MessageAuthenticator, new byte[16]));
            var bytes = packet.Encode();
            int offset = bytes.Length - 16;
            using (var hmac = new HMACMD5(Secret)) hmac.ComputeHash(bytes).CopyTo(bytes, offset);
            Assert.Equal(MessageAuthenticatorStatus.Valid, PacketSigner.VerifyMessageAuthenticator(bytes, bytes.Length, Secret));

            var twice = Request().Add(new RadiusAttribute(80, new byte[16])).Add(new RadiusAttribute(80, new byte[16])).Encode();
            Assert.Equal(MessageAuthenticatorStatus.Invalid, PacketSigner.VerifyMessageAuthenticator(twice, twice.Length, Secret));
            var unsigned = Request().Encode();
            Assert.Equal(MessageAuthenticatorStatus.Absent, PacketSigner.VerifyMessageAuthenticator(unsigned, unsigned.Length, Secret));
        }

        [Fact]
        public void A_response_is_signed_over_the_request_authenticator_then_given_its_response_authenticator()
        {
            var request = Request();
            var response = new RadiusPacket(RadiusCode.AccessReject, request.Identifier, new byte[16]);
            var bytes = PacketSigner.EncodeResponse(response, request.Authenticator, Secret);
            Assert.Equal(RadiusAttributeType.MessageAuthenticator, bytes[20]);
            Assert.True(PacketSigner.VerifyResponseAuthenticator(bytes, bytes.Length, request.Authenticator, Secret));
            Assert.Equal(MessageAuthenticatorStatus.Valid, PacketSigner.VerifyMessageAuthenticator(bytes, bytes.Length, Secret, request.Authenticator));
        }
    }
}
