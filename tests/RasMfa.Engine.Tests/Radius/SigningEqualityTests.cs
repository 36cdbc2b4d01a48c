using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using Xunit;

namespace RasMfa.Engine.Tests.Radius
{
    /// <summary>
    /// Issue 16: signing, PAP and CHAP moved to one-shot hashes in place, and replies are written into one buffer. On random
    /// packets, secrets and passwords, every octet must equal what the former code gave (kept here as the reference: a
    /// hash object per step, over copies), so no client or server on the wire sees a difference.
    /// </summary>
    public class SigningEqualityTests
    {
        private static byte[] Bytes(Random random, int length)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }

        private static RadiusPacket RandomRequest(Random random, out byte[] secret)
        {
            secret = Bytes(random, random.Next(1, 120));
            var request = new RadiusPacket(RadiusCode.AccessRequest, (byte)random.Next(256), Bytes(random, 16));
            request.Add(new RadiusAttribute(RadiusAttributeType.UserName, Encoding.UTF8.GetBytes("user" + random.Next())));
            for (int i = random.Next(0, 12); i > 0; i--)
            {
                byte type = random.Next(4) == 0 ? RadiusAttributeType.ProxyState : (byte)random.Next(1, 256);
                if (type == RadiusAttributeType.MessageAuthenticator) continue;
                request.Add(new RadiusAttribute(type, Bytes(random, random.Next(0, 120))));
            }
            return request;
        }

        // The former code, as it stood before issue 16.
        private static class Reference
        {
            public static byte[] HmacMd5(byte[] key, byte[] data)
            {
                using var hmac = new HMACMD5(key);
                return hmac.ComputeHash(data);
            }

            public static byte[] Md5(byte[] data)
            {
                using var md5 = MD5.Create();
                return md5.ComputeHash(data);
            }

            public static byte[] SignRequest(RadiusPacket request, byte[] secret)
            {
                var packet = new RadiusPacket(request.Code, request.Identifier, request.Authenticator);
                packet.Add(new RadiusAttribute(RadiusAttributeType.MessageAuthenticator, new byte[16]));
                foreach (var a in request.Attributes.Where(a => a.Type != RadiusAttributeType.MessageAuthenticator)) packet.Add(new RadiusAttribute(a.Type, a.Value.ToArray()));
                var bytes = packet.Encode();
                Buffer.BlockCopy(HmacMd5(secret, bytes), 0, bytes, 22, 16);
                return bytes;
            }

            public static byte[] SignResponse(RadiusPacket response, byte[] requestAuthenticator, byte[] secret)
            {
                var bytes = SignRequest(new RadiusPacket(response.Code, response.Identifier, requestAuthenticator) { }.AddAll(response.Attributes), secret);
                var input = bytes.Concat(secret).ToArray();
                Buffer.BlockCopy(Md5(input), 0, bytes, 4, 16);
                return bytes;
            }

            public static byte[] Hide(byte[] password, byte[] secret, byte[] authenticator)
            {
                int padded = Math.Max(16, (password.Length + 15) / 16 * 16);
                var result = new byte[padded];
                Buffer.BlockCopy(password, 0, result, 0, password.Length);
                var previous = authenticator;
                for (int block = 0; block < padded; block += 16)
                {
                    var mask = Md5(secret.Concat(previous).ToArray());
                    for (int i = 0; i < 16; i++) result[block + i] ^= mask[i];
                    previous = result.Skip(block).Take(16).ToArray();
                }
                return result;
            }

            public static byte[] Chap(byte identifier, byte[] password, byte[] challenge) =>
                new[] { identifier }.Concat(Md5(new[] { identifier }.Concat(password).Concat(challenge).ToArray())).ToArray();
        }

        [Fact]
        public void Requests_and_replies_are_signed_octet_for_octet_as_before_and_each_side_verifies_the_other()
        {
            var random = new Random(3579);
            for (int round = 0; round < 500; round++)
            {
                var request = RandomRequest(random, out var secret);
                var expectedRequest = Reference.SignRequest(request, secret);
                var signedRequest = PacketSigner.EncodeRequest(request, secret);
                Assert.Equal(expectedRequest, signedRequest);
                Assert.Equal(MessageAuthenticatorStatus.Valid, PacketSigner.VerifyMessageAuthenticator(expectedRequest, expectedRequest.Length, secret));

                var reply = new RadiusPacket(RadiusCode.AccessAccept, request.Identifier, new byte[16]);
                for (int i = random.Next(0, 6); i > 0; i--) reply.Add(new RadiusAttribute((byte)random.Next(1, 80), Bytes(random, random.Next(0, 60))));
                var expectedReply = Reference.SignResponse(reply, request.Authenticator, secret);
                var signedReply = PacketSigner.EncodeResponse(reply, request.Authenticator, secret);
                Assert.Equal(expectedReply, signedReply);
                Assert.True(PacketSigner.VerifyResponseAuthenticator(expectedReply, expectedReply.Length, request.Authenticator, secret));
                Assert.Equal(MessageAuthenticatorStatus.Valid, PacketSigner.VerifyMessageAuthenticator(expectedReply, expectedReply.Length, secret, request.Authenticator));
                Assert.Equal(Reference.Md5(expectedReply.Take(4).Concat(request.Authenticator).Concat(expectedReply.Skip(20)).Concat(secret).ToArray()),
                    PacketSigner.ResponseAuthenticator(expectedReply, expectedReply.Length, request.Authenticator, secret));
            }
        }

        [Fact]
        public void Replies_written_into_one_buffer_equal_the_former_packet_built_then_signed()
        {
            var random = new Random(2866);
            for (int round = 0; round < 500; round++)
            {
                var original = RandomRequest(random, out var secret);
                var datagram = PacketSigner.EncodeRequest(original, secret);
                Assert.Equal(PacketError.None, RadiusPacket.TryParse(datagram, out var request));
                var decision = random.Next(3) switch
                {
                    0 => AccessDecision.Accept(random.Next(2) == 0 ? null : new string('x', random.Next(0, 600))),
                    1 => AccessDecision.Reject(random.Next(2) == 0 ? null : "Denied. " + random.Next()),
                    _ => AccessDecision.Challenge(Bytes(random, random.Next(1, 40)), "Enter the code " + new string('é', random.Next(0, 300))),
                };
                for (int i = random.Next(0, 5); i > 0; i--)
                    decision.Attributes.Add(new RadiusAttribute((byte)random.Next(1, 90), Bytes(random, random.Next(0, 50))));

                // Former ResponseBuilder: a packet of attributes (Reply-Message in 253-octet pieces, then State and policy
                // unless a Reject, then Proxy-State), Message-Authenticator put first, signed.
                var reply = new RadiusPacket(decision.Code, request!.Identifier, new byte[16]);
                if (decision.ReplyMessage != null)
                {
                    var text = Encoding.UTF8.GetBytes(decision.ReplyMessage);
                    for (int offset = 0; offset < text.Length; offset += 253) reply.Add(new RadiusAttribute(RadiusAttributeType.ReplyMessage, text.Skip(offset).Take(253).ToArray()));
                }
                if (decision.Code != RadiusCode.AccessReject)
                {
                    if (decision.State != null) reply.Add(new RadiusAttribute(RadiusAttributeType.State, decision.State));
                    foreach (var a in decision.Attributes.Where(a => a.Type != 80 && a.Type != 24 && a.Type != 33 && a.Type != 18)) reply.Add(a);
                }
                foreach (var proxyState in request.FindAll(RadiusAttributeType.ProxyState)) reply.Add(proxyState);

                Assert.Equal(Reference.SignResponse(reply, request.Authenticator, secret), ResponseBuilder.Build(request, decision, secret));
            }
        }

        [Fact]
        public void Status_server_replies_equal_the_former_ones()
        {
            var random = new Random(5997);
            for (int round = 0; round < 100; round++)
            {
                var original = RandomRequest(random, out var secret);
                Assert.Equal(PacketError.None, RadiusPacket.TryParse(PacketSigner.EncodeRequest(original, secret), out var request));
                var reply = new RadiusPacket(RadiusCode.AccessAccept, request!.Identifier, new byte[16]).AddAll(request.FindAll(RadiusAttributeType.ProxyState));
                Assert.Equal(Reference.SignResponse(reply, request.Authenticator, secret), ResponseBuilder.BuildStatusReply(request, secret));
            }
        }

        [Fact]
        public void Pap_hiding_and_chap_hashes_equal_the_former_ones_and_unhiding_returns_the_password()
        {
            var random = new Random(1994);
            for (int round = 0; round < 500; round++)
            {
                var secret = Bytes(random, random.Next(1, 600));
                var authenticator = Bytes(random, 16);
                var password = Bytes(random, random.Next(0, 129));
                for (int i = 0; i < password.Length; i++) if (password[i] == 0) password[i] = 1; // trailing NULs are padding
                var hidden = PapPassword.Hide(password, secret, authenticator);
                Assert.Equal(Reference.Hide(password, secret, authenticator), hidden);
                Assert.Equal(password, PapPassword.Unhide(hidden, secret, authenticator));

                byte identifier = (byte)random.Next(256);
                var challenge = Bytes(random, random.Next(1, 253));
                var chap = ChapPassword.Create(identifier, password, challenge);
                Assert.Equal(Reference.Chap(identifier, password, challenge), chap);
                Assert.True(ChapPassword.Verify(chap, password, challenge));
                Assert.False(ChapPassword.Verify(chap, password.Concat(new byte[] { 1 }).ToArray(), challenge));
            }
        }

        [Fact]
        public void A_decoded_packet_keeps_its_attributes_when_the_receive_buffer_is_used_again()
        {
            var random = new Random(16);
            var original = RandomRequest(random, out var secret);
            var datagram = PacketSigner.EncodeRequest(original, secret);
            var buffer = new byte[4096];
            datagram.CopyTo(buffer, 0);
            var request = RadiusPacket.ParseValidated(buffer, datagram.Length);
            var before = request.Attributes.Select(a => (a.Type, Convert.ToBase64String(a.ValueSpan.ToArray()))).ToList();
            var authenticator = request.Authenticator.ToArray();
            random.NextBytes(buffer);
            Assert.Equal(before, request.Attributes.Select(a => (a.Type, Convert.ToBase64String(a.Value))).ToList());
            Assert.Equal(authenticator, request.Authenticator);
            Assert.Equal(datagram, request.Encode());
        }
    }

    internal static class PacketFilling
    {
        public static RadiusPacket AddAll(this RadiusPacket packet, IEnumerable<RadiusAttribute> attributes)
        {
            foreach (var attribute in attributes) packet.Add(attribute);
            return packet;
        }
    }
}
