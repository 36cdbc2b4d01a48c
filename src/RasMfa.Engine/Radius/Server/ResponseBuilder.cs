using System.Linq;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// Turns a decision into reply bytes under the rules that do not depend on policy: Message-Authenticator first,
    /// Proxy-State copied in order, at most one State, and an Access-Reject carrying only Reply-Message and Proxy-State.
    /// </summary>
    public static class ResponseBuilder
    {
        /// <summary>
        /// The most Proxy-State (attributes with their headers) a request may carry: every reply must copy it, and still hold
        /// the header, Message-Authenticator, a State and one Reply-Message (a prompt is at most 253 octets).
        /// </summary>
        public const int MaxProxyStateOctets = RadiusPacket.MaxLength - RadiusPacket.HeaderLength - 18 - 18 - 255;

        /// <summary>The reply's octets; null when it would be longer than RADIUS allows (it is then not sent at all:
        /// leaving attributes out could drop one that restricts the session).</summary>
        public static byte[]? Build(RadiusPacket request, AccessDecision decision, byte[] secret)
        {
            var response = new RadiusPacket(decision.Code, request.Identifier, new byte[RadiusPacket.AuthenticatorLength]);
            if (decision.ReplyMessage != null) AddReplyMessage(response, decision.ReplyMessage);
            if (decision.Code != RadiusCode.AccessReject)
            {
                if (decision.State != null) response.Add(new RadiusAttribute(RadiusAttributeType.State, decision.State));
                foreach (var attribute in decision.Attributes.Where(IsPolicyAttribute)) response.Add(attribute);
            }
            foreach (var proxyState in request.FindAll(RadiusAttributeType.ProxyState)) response.Add(proxyState);
            if (response.EncodedLength + MessageAuthenticatorOctets > RadiusPacket.MaxLength) return null;
            return PacketSigner.EncodeResponse(response, request.Authenticator, secret);
        }

        /// <summary>Octets of Proxy-State attributes in a request, headers included.</summary>
        public static int ProxyStateOctets(RadiusPacket request) => request.FindAll(RadiusAttributeType.ProxyState).Sum(a => a.Value.Length + 2);

        /// <summary>Status-Server is answered with Access-Accept (RFC 5997 section 3), Proxy-State copied as in every reply. It
        /// always fits: the request carried the same Proxy-State and its own Message-Authenticator.</summary>
        public static byte[] BuildStatusReply(RadiusPacket request, byte[] secret)
        {
            var response = new RadiusPacket(RadiusCode.AccessAccept, request.Identifier, new byte[RadiusPacket.AuthenticatorLength]);
            foreach (var proxyState in request.FindAll(RadiusAttributeType.ProxyState)) response.Add(proxyState);
            return PacketSigner.EncodeResponse(response, request.Authenticator, secret);
        }

        // Reply-Message may exceed one attribute; split on 253-octet boundaries (RFC 2865 section 5.18).
        private static void AddReplyMessage(RadiusPacket response, string message)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(message);
            for (int offset = 0; offset < bytes.Length; offset += RadiusAttribute.MaxValueLength)
            {
                int length = System.Math.Min(RadiusAttribute.MaxValueLength, bytes.Length - offset);
                var chunk = new byte[length];
                System.Buffer.BlockCopy(bytes, offset, chunk, 0, length);
                response.Add(new RadiusAttribute(RadiusAttributeType.ReplyMessage, chunk));
            }
        }

        private const int MessageAuthenticatorOctets = 18;

        private static bool IsPolicyAttribute(RadiusAttribute attribute) =>
            attribute.Type != RadiusAttributeType.MessageAuthenticator && attribute.Type != RadiusAttributeType.State &&
            attribute.Type != RadiusAttributeType.ProxyState && attribute.Type != RadiusAttributeType.ReplyMessage;
    }
}
