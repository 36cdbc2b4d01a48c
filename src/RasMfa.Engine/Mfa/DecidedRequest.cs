using System;

namespace RasMfa.Engine.Mfa
{
    /// <summary>
    /// The request a write decides, as servers sharing a store know it: its key (the same datagram from the same client has
    /// the same key on every server), the server deciding it, and the challenge State it spends.
    /// </summary>
    public sealed class DecidedRequest
    {
        /// <summary>How long an answer (or a claim) is kept under its key: longer than any RADIUS client retransmits one request.</summary>
        public static readonly TimeSpan KeptFor = TimeSpan.FromSeconds(60);

        public DecidedRequest(byte[] key, string serverId, DateTime nowUtc, byte[]? spendsState = null, Func<DateTime>? clock = null)
        {
            Key = key;
            ServerId = serverId;
            NowUtc = nowUtc;
            SpendsState = spendsState;
            _clock = clock ?? (() => nowUtc);
        }

        private readonly Func<DateTime> _clock;

        /// <summary>SHA-256 over the client's name and the request datagram (<see cref="RequestKeys"/>).</summary>
        public byte[] Key { get; }

        public string ServerId { get; }

        public DateTime NowUtc { get; }

        public DateTime KeepUntilUtc => NowUtc + KeptFor;

        /// <summary>
        /// How long the answer is kept, asked as the write records it: <see cref="KeptFor"/> from the decision, not from the
        /// request's start, which a slow first factor may have put a minute back.
        /// </summary>
        public DateTime AnswerKeptUntilUtc() => _clock() + KeptFor;

        /// <summary>
        /// The State of the challenge this request answers: the write that deletes it is the one that may use it, and one that
        /// finds it gone (used by another request) is refused as an unknown State.
        /// </summary>
        public byte[]? SpendsState { get; }
    }
}
