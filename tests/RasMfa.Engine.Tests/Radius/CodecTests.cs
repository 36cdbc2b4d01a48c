using System;
using System.Linq;
using System.Text;
using RasMfa.Engine.Radius;
using Xunit;

namespace RasMfa.Engine.Tests.Radius
{
    public class CodecTests
    {
        [Fact]
        public void Generated_packets_survive_encode_and_decode()
        {
            var random = new Random(2865);
            for (int round = 0; round < 2000; round++)
            {
                var authenticator = new byte[16];
                random.NextBytes(authenticator);
                var packet = new RadiusPacket((RadiusCode)random.Next(1, 50), (byte)random.Next(256), authenticator);
                int count = random.Next(0, 20);
                for (int i = 0; i < count; i++)
                {
                    var value = new byte[random.Next(0, 200)];
                    random.NextBytes(value);
                    packet.Add(new RadiusAttribute((byte)random.Next(1, 256), value));
                }
                if (packet.EncodedLength > RadiusPacket.MaxLength) continue;
                var bytes = packet.Encode();
                Assert.Equal(PacketError.None, RadiusPacket.TryParse(bytes, out var decoded));
                Assert.Equal(packet.Code, decoded!.Code);
                Assert.Equal(packet.Identifier, decoded.Identifier);
                Assert.Equal(packet.Authenticator, decoded.Authenticator);
                Assert.Equal(packet.Attributes.Select(a => (a.Type, Convert.ToBase64String(a.Value))), decoded.Attributes.Select(a => (a.Type, Convert.ToBase64String(a.Value))));
                Assert.Equal(bytes, decoded.Encode());
            }
        }

        [Fact]
        public void Random_and_truncated_input_never_throws_out_of_the_codec()
        {
            var random = new Random(3579);
            var secret = Encoding.ASCII.GetBytes("fuzzing-secret-1234");
            for (int round = 0; round < 20000; round++)
            {
                var data = new byte[random.Next(0, 5000)];
                random.NextBytes(data);
                if (data.Length >= 4 && random.Next(2) == 0)
                {
                    // A plausible Length field, so attribute walking is reached too.
                    data[2] = (byte)(data.Length >> 8);
                    data[3] = (byte)data.Length;
                }
                var error = RadiusPacket.TryParse(data, out var packet);
                Assert.Equal(error == PacketError.None, packet != null);
                if (error == PacketError.None)
                {
                    RadiusPacket.Validate(data, out int length);
                    PacketSigner.VerifyMessageAuthenticator(data, length, secret);
                }
            }
        }

        [Theory]
        [InlineData(0, PacketError.TooShort)]
        [InlineData(19, PacketError.TooShort)]
        [InlineData(4097, PacketError.TooLong)]
        public void Datagram_sizes_outside_20_to_4096_are_refused(int size, PacketError expected)
        {
            var data = new byte[size];
            if (size >= 4) { data[2] = (byte)(Math.Min(size, 4096) >> 8); data[3] = (byte)Math.Min(size, 4096); }
            Assert.Equal(expected, RadiusPacket.Validate(data, out _));
        }

        [Fact]
        public void A_datagram_shorter_than_its_length_field_is_refused_and_longer_is_padding()
        {
            var packet = new RadiusPacket(RadiusCode.AccessRequest, 1, new byte[16]).Add(RadiusAttribute.FromText(1, "alice"));
            var bytes = packet.Encode();
            Assert.Equal(PacketError.ShorterThanLengthField, RadiusPacket.Validate(bytes.AsSpan(0, bytes.Length - 1), out _));
            var padded = bytes.Concat(new byte[10]).ToArray();
            Assert.Equal(PacketError.None, RadiusPacket.TryParse(padded, out var parsed));
            Assert.Single(parsed!.Attributes);
        }

        [Theory]
        [InlineData("01 00 00 16 00000000000000000000000000000000 01 00")]
        [InlineData("01 00 00 16 00000000000000000000000000000000 01 01")]
        [InlineData("01 00 00 17 00000000000000000000000000000000 01 05 61")]
        [InlineData("01 00 00 15 00000000000000000000000000000000 01")]
        public void Attributes_whose_lengths_do_not_add_up_are_refused(string hex)
        {
            Assert.Equal(PacketError.MalformedAttribute, RadiusPacket.TryParse(Hex.Parse(hex), out var packet));
            Assert.Null(packet);
        }

        [Fact]
        public void Pap_hides_every_length_up_to_128_and_back()
        {
            var random = new Random(1);
            for (int length = 0; length <= PapPassword.MaxLength; length++)
            {
                var password = Enumerable.Range(0, length).Select(_ => (byte)random.Next(1, 256)).ToArray();
                var secret = Encoding.ASCII.GetBytes("a shared secret of some length " + length);
                var authenticator = new byte[16];
                random.NextBytes(authenticator);
                var hidden = PapPassword.Hide(password, secret, authenticator);
                Assert.Equal(0, hidden.Length % 16);
                Assert.Equal(password, PapPassword.Unhide(hidden, secret, authenticator));
            }
            Assert.Throws<ArgumentException>(() => PapPassword.Hide(new byte[129], new byte[] { 1 }, new byte[16]));
            Assert.Null(PapPassword.Unhide(new byte[15], new byte[] { 1 }, new byte[16]));
        }

        [Fact]
        public void Chap_verifies_the_right_password_only()
        {
            var challenge = Encoding.ASCII.GetBytes("0123456789abcdef");
            var value = ChapPassword.Create(7, Encoding.ASCII.GetBytes("123456"), challenge);
            Assert.True(ChapPassword.Verify(value, Encoding.ASCII.GetBytes("123456"), challenge));
            Assert.False(ChapPassword.Verify(value, Encoding.ASCII.GetBytes("123457"), challenge));
            Assert.False(ChapPassword.Verify(value.Take(16).ToArray(), Encoding.ASCII.GetBytes("123456"), challenge));
        }
    }
}
