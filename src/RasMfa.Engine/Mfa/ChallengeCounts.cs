using System;
using System.Collections.Generic;

namespace RasMfa.Engine.Mfa
{
    /// <summary>Open (unexpired) challenges in the store, in total and per client (names compared without case).</summary>
    public sealed class ChallengeCounts
    {
        public static readonly ChallengeCounts None = new ChallengeCounts(new Dictionary<string, int>());

        public ChallengeCounts(IDictionary<string, int> perClient)
        {
            PerClient = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in perClient)
            {
                PerClient.TryGetValue(pair.Key, out int sum);
                PerClient[pair.Key] = sum + pair.Value;
                Total += pair.Value;
            }
        }

        public int Total { get; }

        public Dictionary<string, int> PerClient { get; }

        public int Of(string clientName) => PerClient.TryGetValue(clientName, out int count) ? count : 0;
    }
}
