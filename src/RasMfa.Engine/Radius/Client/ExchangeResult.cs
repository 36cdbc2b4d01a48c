using System;
using System.Collections.Generic;
using System.Linq;

namespace RasMfa.Engine.Radius.Client
{
    /// <summary>What one request brought back: the reply that verified, if any, and the datagrams ignored on the way.</summary>
    public sealed class ExchangeResult
    {
        public ExchangeResult(RadiusPacket? reply, bool signed, int attempts, DiscardTally discarded, TimeSpan elapsed)
        {
            Reply = reply;
            Signed = signed;
            Attempts = attempts;
            Discarded = discarded;
            Elapsed = elapsed;
        }

        public RadiusPacket? Reply { get; }

        /// <summary>The reply carried a valid Message-Authenticator.</summary>
        public bool Signed { get; }

        public int Attempts { get; }

        public DiscardTally Discarded { get; }

        public int InvalidReplies => Discarded.Total;

        public TimeSpan Elapsed { get; }
    }

    /// <summary>How many datagrams were ignored, by reason.</summary>
    public sealed class DiscardTally
    {
        private readonly Dictionary<ReplyDiscard, int> _counts = new Dictionary<ReplyDiscard, int>();

        public void Add(ReplyDiscard reason) => _counts[reason] = Count(reason) + 1;

        public int Count(ReplyDiscard reason) => _counts.TryGetValue(reason, out var n) ? n : 0;

        public int Total => _counts.Values.Sum();

        public IEnumerable<KeyValuePair<ReplyDiscard, int>> ByReason => _counts.OrderBy(p => p.Key);
    }
}
