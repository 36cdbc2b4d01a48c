using System.Text;
using RasMfa.Engine.Radius;
using Xunit;

namespace RasMfa.Engine.Tests.Radius
{
    /// <summary>The worked example of RFC 2865 section 7.1 (user nemo, password arctangent, secret xyzzy5461).</summary>
    public class Rfc2865VectorTests
    {
        private static readonly byte[] Secret = Encoding.ASCII.GetBytes("xyzzy5461");

        private static readonly byte[] Request = Hex.Parse(
            "01 00 00 38 0f 40 3f 94 73 97 80 57 bd 83 d5 cb 98 f4 22 7a 01 06 6e 65 6d 6f 02 12 0d be 70 8d" +
            "93 d4 13 ce 31 96 e4 3f 78 2a 0a ee 04 06 c0 a8 01 10 05 06 00 00 00 03");

        private static readonly byte[] Accept = Hex.Parse(
            "02 00 00 26 86 fe 22 0e 76 24 ba 2a 10 05 f6 bf 9b 55 e0 b2 06 06 00 00 00 01 0f 06 00 00 00 00" +
            "0e 06 c0 a8 01 03");

        [Fact]
        public void Request_parses_into_the_attributes_the_rfc_lists()
        {
            Assert.Equal(PacketError.None, RadiusPacket.TryParse(Request, out var packet));
            Assert.Equal(RadiusCode.AccessRequest, packet!.Code);
            Assert.Equal("nemo", packet.Find(RadiusAttributeType.UserName)!.AsText());
            Assert.Equal(3u, packet.Find(5)!.AsInteger());
            Assert.Equal(Request, packet.Encode());
        }

        [Fact]
        public void User_password_unhides_to_arctangent_and_hides_back_to_the_same_octets()
        {
            RadiusPacket.TryParse(Request, out var packet);
            var hidden = packet!.Find(RadiusAttributeType.UserPassword)!.Value;
            Assert.Equal("arctangent", Encoding.ASCII.GetString(PapPassword.Unhide(hidden, Secret, packet.Authenticator)!));
            Assert.Equal(hidden, PapPassword.Hide(Encoding.ASCII.GetBytes("arctangent"), Secret, packet.Authenticator));
        }

        [Fact]
        public void Access_accept_response_authenticator_verifies_and_is_reproduced()
        {
            RadiusPacket.TryParse(Request, out var request);
            Assert.True(PacketSigner.VerifyResponseAuthenticator(Accept, Accept.Length, request!.Authenticator, Secret));
            var expected = Hex.Parse("86 fe 22 0e 76 24 ba 2a 10 05 f6 bf 9b 55 e0 b2");
            Assert.Equal(expected, PacketSigner.ResponseAuthenticator(Accept, Accept.Length, request.Authenticator, Secret));
        }

        [Fact]
        public void A_wrong_secret_does_not_verify_the_accept()
        {
            RadiusPacket.TryParse(Request, out var request);
            Assert.False(PacketSigner.VerifyResponseAuthenticator(Accept, Accept.Length, request!.Authenticator, Encoding.ASCII.GetBytes("xyzzy5462")));
        }
    }
}
