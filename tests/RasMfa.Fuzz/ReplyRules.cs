using System.Linq;
using RasMfa.Engine.Radius;

namespace RasMfa.Fuzz
{
    /// <summary>What every answer the server sends must be (design.md, "RADIUS rules the server must keep"), checked on each reply.</summary>
    public static class ReplyRules
    {
        public static void Check(byte[] request, byte[] reply, byte[] secret)
        {
            if (RadiusPacket.TryParse(reply, out var response) != PacketError.None) throw new FuzzFinding("The reply does not frame.");
            if (reply.Length != (reply[2] << 8 | reply[3])) throw new FuzzFinding("The reply's Length field is not its size.");
            if (RadiusPacket.TryParse(request, out var asked) != PacketError.None) throw new FuzzFinding("A datagram that does not frame was answered.");
            if (response!.Identifier != asked!.Identifier) throw new FuzzFinding("The reply's Identifier is not the request's.");
            var code = response.Code;
            if (code != RadiusCode.AccessAccept && code != RadiusCode.AccessReject && code != RadiusCode.AccessChallenge)
                throw new FuzzFinding($"The reply's code is {code}.");
            if (response.Attributes.Count == 0 || response.Attributes[0].Type != RadiusAttributeType.MessageAuthenticator)
                throw new FuzzFinding("Message-Authenticator is not the reply's first attribute.");
            if (PacketSigner.VerifyMessageAuthenticator(reply, reply.Length, secret, asked.Authenticator) != MessageAuthenticatorStatus.Valid)
                throw new FuzzFinding("The reply's Message-Authenticator does not verify.");
            if (!PacketSigner.VerifyResponseAuthenticator(reply, reply.Length, asked.Authenticator, secret))
                throw new FuzzFinding("The reply's Response Authenticator does not verify.");
            if (response.Count(RadiusAttributeType.State) > 1) throw new FuzzFinding("The reply carries more than one State.");
            if (code == RadiusCode.AccessReject && response.Attributes.Any(a => a.Type != RadiusAttributeType.ReplyMessage &&
                    a.Type != RadiusAttributeType.ProxyState && a.Type != RadiusAttributeType.MessageAuthenticator))
                throw new FuzzFinding("An Access-Reject carries more than Reply-Message, Proxy-State and Message-Authenticator.");
            var askedProxyStates = asked.FindAll(RadiusAttributeType.ProxyState).Select(a => a.Value).ToList();
            var repliedProxyStates = response.FindAll(RadiusAttributeType.ProxyState).Select(a => a.Value).ToList();
            if (askedProxyStates.Count != repliedProxyStates.Count || askedProxyStates.Zip(repliedProxyStates, (a, b) => a.SequenceEqual(b)).Any(same => !same))
                throw new FuzzFinding("Proxy-State was not copied in order.");
        }
    }
}
