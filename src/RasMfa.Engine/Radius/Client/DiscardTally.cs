using System.Collections.Generic;
using System.Linq;

namespace RasMfa.Engine.Radius.Client
{
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
