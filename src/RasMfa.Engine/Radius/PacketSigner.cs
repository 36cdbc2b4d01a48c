using System;
using System.Buffers;

namespace RasMfa.Engine.Radius
{
    /// <summary>
    /// Request and Response Authenticators (RFC 2865 section 3) and Message-Authenticator
    /// (RFC 3579 section 3.2). Responses always carry Message-Authenticator first, as the
    /// BlastRADIUS mitigations ask. Signed and checked in place: no copy of a packet but the one
    /// the HMAC is checked over (pooled), no hash object per packet.
    /// </summary>
    public static class PacketSigner
    {
        private const int MessageAuthenticatorLength = RadiusHash.Length;

        /// <summary>Where Message-Authenticator's value sits when it is the first attribute, as in everything we send.</summary>
        internal const int FirstAttributeValueOffset = RadiusPacket.HeaderLength + 2;

        /// <summary>Encodes an Access-Request: random authenticator given by the caller, Message-Authenticator first and signed.</summary>
        public static byte[] EncodeRequest(RadiusPacket request, byte[] secret)
        {
            PutMessageAuthenticatorFirst(request);
            var bytes = request.Encode();
            RadiusHash.HmacMd5(secret, bytes, bytes.AsSpan(FirstAttributeValueOffset, MessageAuthenticatorLength));
            return bytes;
        }

        /// <summary>Encodes a reply to a request whose authenticator is <paramref name="requestAuthenticator"/>.</summary>
        public static byte[] EncodeResponse(RadiusPacket response, byte[] requestAuthenticator, byte[] secret)
        {
            PutMessageAuthenticatorFirst(response);
            var bytes = response.Encode();
            SignResponse(bytes, requestAuthenticator, secret);
            return bytes;
        }

        /// <summary>
        /// Signs an encoded reply in place: <paramref name="packet"/> is the whole reply, its first attribute a
        /// Message-Authenticator of zeros. Writes the HMAC over the reply with the request's authenticator in it, then the
        /// Response Authenticator over the result.
        /// </summary>
        internal static void SignResponse(Span<byte> packet, ReadOnlySpan<byte> requestAuthenticator, byte[] secret)
        {
            requestAuthenticator.CopyTo(packet.Slice(4, RadiusPacket.AuthenticatorLength));
            RadiusHash.HmacMd5(secret, packet, packet.Slice(FirstAttributeValueOffset, MessageAuthenticatorLength));
            // The request's authenticator is in place, as the Response Authenticator's MD5 wants it.
            Span<byte> authenticator = stackalloc byte[RadiusHash.Length];
            RadiusHash.Md5(packet, ReadOnlySpan<byte>.Empty, secret, authenticator);
            authenticator.CopyTo(packet.Slice(4, RadiusPacket.AuthenticatorLength));
        }

        /// <summary>MD5(Code+Identifier+Length+RequestAuth+Attributes+Secret), over the final bytes.</summary>
        public static byte[] ResponseAuthenticator(ReadOnlySpan<byte> packet, int length, byte[] requestAuthenticator, byte[] secret)
        {
            var authenticator = new byte[RadiusHash.Length];
            ResponseAuthenticator(packet, length, requestAuthenticator, secret, authenticator);
            return authenticator;
        }

        private static void ResponseAuthenticator(ReadOnlySpan<byte> packet, int length, ReadOnlySpan<byte> requestAuthenticator, byte[] secret, Span<byte> destination)
        {
            // Code, Identifier, Length | the request's authenticator | attributes, then the secret.
            int attributesAt = 4 + RadiusPacket.AuthenticatorLength;
            Span<byte> head = stackalloc byte[attributesAt];
            packet.Slice(0, 4).CopyTo(head);
            requestAuthenticator.Slice(0, RadiusPacket.AuthenticatorLength).CopyTo(head.Slice(4));
            RadiusHash.Md5(head, packet.Slice(attributesAt, length - attributesAt), secret, destination);
        }

        /// <summary>Checks a reply's Response Authenticator against the request it answers.</summary>
        public static bool VerifyResponseAuthenticator(ReadOnlySpan<byte> packet, int length, byte[] requestAuthenticator, byte[] secret)
        {
            Span<byte> expected = stackalloc byte[RadiusHash.Length];
            ResponseAuthenticator(packet, length, requestAuthenticator, secret, expected);
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

            // The HMAC is over the packet with the value zeroed (and, for a reply, the request's authenticator in place).
            var copy = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                var signed = copy.AsSpan(0, length);
                packet.Slice(0, length).CopyTo(signed);
                signed.Slice(valueOffset, MessageAuthenticatorLength).Clear();
                if (requestAuthenticator != null) requestAuthenticator.AsSpan(0, RadiusPacket.AuthenticatorLength).CopyTo(signed.Slice(4));
                Span<byte> expected = stackalloc byte[MessageAuthenticatorLength];
                RadiusHash.HmacMd5(secret, signed, expected);
                return ConstantTime.AreEqual(expected, packet.Slice(valueOffset, MessageAuthenticatorLength)) ? MessageAuthenticatorStatus.Valid : MessageAuthenticatorStatus.Invalid;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(copy, clearArray: true);
            }
        }

        private static void PutMessageAuthenticatorFirst(RadiusPacket packet)
        {
            packet.Attributes.RemoveAll(a => a.Type == RadiusAttributeType.MessageAuthenticator);
            packet.Attributes.Insert(0, new RadiusAttribute(RadiusAttributeType.MessageAuthenticator, new byte[MessageAuthenticatorLength]));
        }
    }

    public enum MessageAuthenticatorStatus
    {
        Absent,
        Valid,
        Invalid,
    }
}
