using System;
using System.Text;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// Turns a decision into reply bytes under the rules that do not depend on policy: Message-Authenticator first,
    /// Proxy-State copied in order, at most one State, and an Access-Reject carrying only Reply-Message and Proxy-State.
    /// The reply is measured, then written once into its own array and signed there.
    /// </summary>
    public static class ResponseBuilder
    {
        /// <summary>
        /// The most Proxy-State (attributes with their headers) a request may carry: every reply must copy it, and still hold
        /// the header, Message-Authenticator, a State and one Reply-Message (a prompt is at most 253 octets).
        /// </summary>
        public const int MaxProxyStateOctets = RadiusPacket.MaxLength - RadiusPacket.HeaderLength - 18 - 18 - 255;

        private const int MessageAuthenticatorOctets = 18;

        /// <summary>The reply's octets; null when it would be longer than RADIUS allows (it is then not sent at all:
        /// leaving attributes out could drop one that restricts the session).</summary>
        public static byte[]? Build(RadiusPacket request, AccessDecision decision, byte[] secret)
        {
            var message = decision.ReplyMessage == null ? null : Encoding.UTF8.GetBytes(decision.ReplyMessage);
            bool policy = decision.Code != RadiusCode.AccessReject;
            var state = policy ? decision.State : null;
            if (state != null && state.Length > RadiusAttribute.MaxValueLength)
                throw new ArgumentException($"A RADIUS attribute value holds at most {RadiusAttribute.MaxValueLength} octets; got {state.Length}.", nameof(decision));

            int length = RadiusPacket.HeaderLength + MessageAuthenticatorOctets + ReplyMessageOctets(message) + ProxyStateOctets(request);
            if (state != null) length += state.Length + 2;
            if (policy)
                foreach (var attribute in decision.Attributes)
                    if (IsPolicyAttribute(attribute)) length += attribute.Length + 2;
            if (length > RadiusPacket.MaxLength) return null;

            var reply = new byte[length];
            int offset = WriteHeader(reply, decision.Code, request.Identifier);
            if (message != null) offset = WriteReplyMessage(reply, offset, message);
            if (state != null) offset = RadiusPacket.Write(reply, offset, RadiusAttributeType.State, state);
            if (policy)
                foreach (var attribute in decision.Attributes)
                    if (IsPolicyAttribute(attribute)) offset = RadiusPacket.Write(reply, offset, attribute.Type, attribute.ValueSpan);
            WriteProxyStates(reply, offset, request);
            PacketSigner.SignResponse(reply, request.Authenticator, secret);
            return reply;
        }

        /// <summary>Octets of Proxy-State attributes in a request, headers included.</summary>
        public static int ProxyStateOctets(RadiusPacket request)
        {
            int octets = 0;
            foreach (var attribute in request.Attributes)
                if (attribute.Type == RadiusAttributeType.ProxyState) octets += attribute.Length + 2;
            return octets;
        }

        /// <summary>Status-Server is answered with Access-Accept (RFC 5997 section 3), Proxy-State copied as in every reply. It
        /// always fits: the request carried the same Proxy-State and its own Message-Authenticator.</summary>
        public static byte[] BuildStatusReply(RadiusPacket request, byte[] secret)
        {
            var reply = new byte[RadiusPacket.HeaderLength + MessageAuthenticatorOctets + ProxyStateOctets(request)];
            WriteProxyStates(reply, WriteHeader(reply, RadiusCode.AccessAccept, request.Identifier), request);
            PacketSigner.SignResponse(reply, request.Authenticator, secret);
            return reply;
        }

        // Code, Identifier, Length, and Message-Authenticator first with its value zeroed; the authenticator is the signer's.
        private static int WriteHeader(byte[] reply, RadiusCode code, byte identifier)
        {
            reply[0] = (byte)code;
            reply[1] = identifier;
            reply[2] = (byte)(reply.Length >> 8);
            reply[3] = (byte)reply.Length;
            reply[RadiusPacket.HeaderLength] = RadiusAttributeType.MessageAuthenticator;
            reply[RadiusPacket.HeaderLength + 1] = MessageAuthenticatorOctets;
            return RadiusPacket.HeaderLength + MessageAuthenticatorOctets;
        }

        private static void WriteProxyStates(byte[] reply, int offset, RadiusPacket request)
        {
            foreach (var attribute in request.Attributes)
                if (attribute.Type == RadiusAttributeType.ProxyState) offset = RadiusPacket.Write(reply, offset, attribute.Type, attribute.ValueSpan);
        }

        // Reply-Message may exceed one attribute; split on 253-octet boundaries (RFC 2865 section 5.18).
        private static int ReplyMessageOctets(byte[]? message)
        {
            if (message == null) return 0;
            int attributes = (message.Length + RadiusAttribute.MaxValueLength - 1) / RadiusAttribute.MaxValueLength;
            return message.Length + 2 * attributes;
        }

        private static int WriteReplyMessage(byte[] reply, int offset, byte[] message)
        {
            for (int start = 0; start < message.Length; start += RadiusAttribute.MaxValueLength)
            {
                int length = Math.Min(RadiusAttribute.MaxValueLength, message.Length - start);
                offset = RadiusPacket.Write(reply, offset, RadiusAttributeType.ReplyMessage, new ReadOnlySpan<byte>(message, start, length));
            }
            return offset;
        }

        private static bool IsPolicyAttribute(RadiusAttribute attribute) =>
            attribute.Type != RadiusAttributeType.MessageAuthenticator && attribute.Type != RadiusAttributeType.State &&
            attribute.Type != RadiusAttributeType.ProxyState && attribute.Type != RadiusAttributeType.ReplyMessage;
    }
}
