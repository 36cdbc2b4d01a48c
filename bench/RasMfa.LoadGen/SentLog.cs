using System;
using System.Collections.Generic;
using RasMfa.Engine.Radius;

namespace RasMfa.LoadGen
{
    /// <summary>
    /// The last few requests sent under each Identifier, so that an answer can be matched to the request it answers (its
    /// Response Authenticator verifies against that request's authenticator) and so told apart: Status-Server or Access-Request.
    /// </summary>
    internal sealed class SentLog
    {
        private const int PerIdentifier = 16;
        private readonly Queue<(byte[] Authenticator, byte Code)>[] _byIdentifier = new Queue<(byte[], byte)>[256];
        private readonly byte[] _secret;

        public SentLog(byte[] secret)
        {
            _secret = secret;
            for (int i = 0; i < _byIdentifier.Length; i++) _byIdentifier[i] = new Queue<(byte[], byte)>();
        }

        public void Sent(byte[] datagram)
        {
            if (datagram.Length < RadiusPacket.HeaderLength) return;
            var queue = _byIdentifier[datagram[1]];
            lock (queue)
            {
                if (queue.Count == PerIdentifier) queue.Dequeue();
                queue.Enqueue((datagram.AsSpan(4, 16).ToArray(), datagram[0]));
            }
        }

        /// <summary>The code of the request this reply answers, or null when none of the recent ones matches.</summary>
        public RadiusCode? RequestCodeOf(byte[] reply, int length)
        {
            var queue = _byIdentifier[reply[1]];
            lock (queue)
            {
                foreach (var (authenticator, code) in queue)
                    if (PacketSigner.VerifyResponseAuthenticator(reply, length, authenticator, _secret)) return (RadiusCode)code;
            }
            return null;
        }
    }
}
