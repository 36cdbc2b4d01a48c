using System;

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
}
