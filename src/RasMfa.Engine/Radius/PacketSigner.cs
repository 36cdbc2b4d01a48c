using System;
using System.Security.Cryptography;

namespace RasMfa.Engine.Radius
{
    /// <summary>
    /// Request and Response Authenticators (RFC 2865 section 3) and Message-Authenticator
    /// (RFC 3579 section 3.2). Responses always carry Message-Authenticator first, as the
    /// BlastRADIUS mitigations ask.
    /// </summary>
    public static class PacketSigner
    {
        private const int MessageAuthenticatorLength = 16;

        /// <summary>Encodes an Access-Request: random authenticator given by the caller, Message-Authenticator first and signed.</summary>
        public static byte[] EncodeRequest(RadiusPacket request, byte[] secret)
        {
            PutMessageAuthenticatorFirst(request);
            var bytes = request.Encode();
            WriteMessageAuthenticator(bytes, secret);
            return bytes;
        }

        /// <summary>Encodes a reply to a request whose authenticator is <paramref name="requestAuthenticator"/>.</summary>
        public static byte[] EncodeResponse(RadiusPacket response, byte[] requestAuthenticator, byte[] secret)
        {
            PutMessageAuthenticatorFirst(response);
            var bytes = response.Encode();
            Buffer.BlockCopy(requestAuthenticator, 0, bytes, 4, RadiusPacket.AuthenticatorLength);
            WriteMessageAuthenticator(bytes, secret);
            var authenticator = ResponseAuthenticator(bytes, bytes.Length, requestAuthenticator, secret);
            Buffer.BlockCopy(authenticator, 0, bytes, 4, RadiusPacket.AuthenticatorLength);
            return bytes;
        }

        /// <summary>MD5(Code+Identifier+Length+RequestAuth+Attributes+Secret), over the final bytes.</summary>
        public static byte[] ResponseAuthenticator(ReadOnlySpan<byte> packet, int length, byte[] requestAuthenticator, byte[] secret)
        {
            var input = new byte[length + secret.Length];
            packet.Slice(0, length).CopyTo(input);
            Buffer.BlockCopy(requestAuthenticator, 0, input, 4, RadiusPacket.AuthenticatorLength);
            Buffer.BlockCopy(secret, 0, input, length, secret.Length);
            using var md5 = MD5.Create();
            return md5.ComputeHash(input);
        }

        /// <summary>Checks a reply's Response Authenticator against the request it answers.</summary>
        public static bool VerifyResponseAuthenticator(ReadOnlySpan<byte> packet, int length, byte[] requestAuthenticator, byte[] secret)
        {
            var expected = ResponseAuthenticator(packet, length, requestAuthenticator, secret);
            return ConstantTime.AreEqual(expected, packet.Slice(4, RadiusPacket.AuthenticatorLength));
        }

        /// <summary>
        /// Finds Message-Authenticator wherever it stands in a framed packet and checks it.
        /// For a reply, pass the request's authenticator; for a request, null.
        /// </summary>
        public static MessageAuthenticatorStatus VerifyMessageAuthenticator(ReadOnlySpan<byte> packet, int length, byte[] secret, byte[]? requestAuthenticator = null)
        {
            int valueOffset = -1;
            int offset = RadiusPacket.HeaderLength;
            while (offset + 2 <= length)
            {
                int attributeLength = packet[offset + 1];
                if (attributeLength < 2) return MessageAuthenticatorStatus.Invalid;
                if (packet[offset] == RadiusAttributeType.MessageAuthenticator)
                {
                    if (valueOffset >= 0 || attributeLength != MessageAuthenticatorLength + 2) return MessageAuthenticatorStatus.Invalid;
                    valueOffset = offset + 2;
                }
                offset += attributeLength;
            }
            if (valueOffset < 0) return MessageAuthenticatorStatus.Absent;

            var copy = packet.Slice(0, length).ToArray();
            var received = packet.Slice(valueOffset, MessageAuthenticatorLength).ToArray();
            Array.Clear(copy, valueOffset, MessageAuthenticatorLength);
            if (requestAuthenticator != null) Buffer.BlockCopy(requestAuthenticator, 0, copy, 4, RadiusPacket.AuthenticatorLength);
            using var hmac = new HMACMD5(secret);
            var expected = hmac.ComputeHash(copy);
            return ConstantTime.AreEqual(expected, received) ? MessageAuthenticatorStatus.Valid : MessageAuthenticatorStatus.Invalid;
        }

        private static void PutMessageAuthenticatorFirst(RadiusPacket packet)
        {
            packet.Attributes.RemoveAll(a => a.Type == RadiusAttributeType.MessageAuthenticator);
            packet.Attributes.Insert(0, new RadiusAttribute(RadiusAttributeType.MessageAuthenticator, new byte[MessageAuthenticatorLength]));
        }

        // Message-Authenticator is the first attribute, so its value sits right after the header.
        private static void WriteMessageAuthenticator(byte[] bytes, byte[] secret)
        {
            using var hmac = new HMACMD5(secret);
            var mac = hmac.ComputeHash(bytes);
            Buffer.BlockCopy(mac, 0, bytes, RadiusPacket.HeaderLength + 2, MessageAuthenticatorLength);
        }
    }

    public enum MessageAuthenticatorStatus
    {
        Absent,
        Valid,
        Invalid,
    }
}
