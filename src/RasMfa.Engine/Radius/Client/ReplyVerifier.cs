using System;
using System.Net;

namespace RasMfa.Engine.Radius.Client
{
    /// <summary>
    /// Decides whether a datagram is the reply to one request (RFC 2865 section 3, RFC 3579 section 3.2): from the
    /// server it was sent to, with the request's Identifier, a Response Authenticator and, when present or required,
    /// a Message-Authenticator computed with the request's Request Authenticator. Without a required
    /// Message-Authenticator a forged Access-Accept needs only an MD5 collision on the Response Authenticator
    /// (BlastRADIUS, CVE-2024-3596).
    /// </summary>
    public sealed class ReplyVerifier
    {
        private readonly IPEndPoint _server;
        private readonly byte _identifier;
        private readonly byte[] _requestAuthenticator;
        private readonly byte[] _secret;
        private readonly bool _requireMessageAuthenticator;

        public ReplyVerifier(byte[] requestBytes, IPEndPoint server, byte[] secret, bool requireMessageAuthenticator)
        {
            _server = server;
            _identifier = requestBytes[1];
            _requestAuthenticator = new byte[RadiusPacket.AuthenticatorLength];
            Buffer.BlockCopy(requestBytes, 4, _requestAuthenticator, 0, RadiusPacket.AuthenticatorLength);
            _secret = secret;
            _requireMessageAuthenticator = requireMessageAuthenticator;
        }

        /// <summary>The reply, or null with why it was discarded; <paramref name="signed"/> tells whether it carried a valid Message-Authenticator.</summary>
        public RadiusPacket? Verify(byte[] datagram, IPEndPoint source, out ReplyDiscard discard, out bool signed)
        {
            signed = false;
            discard = default;
            if (!source.Equals(_server)) return Discard(ReplyDiscard.WrongSource, out discard);
            if (RadiusPacket.Validate(datagram, out int length) != PacketError.None || !IsAccessReply((RadiusCode)datagram[0])) return Discard(ReplyDiscard.Malformed, out discard);
            if (datagram[1] != _identifier) return Discard(ReplyDiscard.WrongIdentifier, out discard);
            if (!PacketSigner.VerifyResponseAuthenticator(datagram, length, _requestAuthenticator, _secret)) return Discard(ReplyDiscard.BadResponseAuthenticator, out discard);
            switch (PacketSigner.VerifyMessageAuthenticator(datagram, length, _secret, _requestAuthenticator))
            {
                case MessageAuthenticatorStatus.Invalid:
                    return Discard(ReplyDiscard.BadMessageAuthenticator, out discard);
                case MessageAuthenticatorStatus.Absent when _requireMessageAuthenticator:
                    return Discard(ReplyDiscard.MissingMessageAuthenticator, out discard);
                case MessageAuthenticatorStatus.Valid:
                    signed = true;
                    break;
            }
            return RadiusPacket.ParseValidated(datagram, length);
        }

        private static bool IsAccessReply(RadiusCode code) =>
            code == RadiusCode.AccessAccept || code == RadiusCode.AccessReject || code == RadiusCode.AccessChallenge;

        private static RadiusPacket? Discard(ReplyDiscard reason, out ReplyDiscard discard)
        {
            discard = reason;
            return null;
        }
    }
}
