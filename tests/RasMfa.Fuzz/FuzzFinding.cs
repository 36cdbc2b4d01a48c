using System;

namespace RasMfa.Fuzz
{
    /// <summary>A broken rule that the harness itself noticed (no exception escaped, but the answer or the counters are wrong).</summary>
    public sealed class FuzzFinding : Exception
    {
        public FuzzFinding(string message) : base(message)
        {
        }
    }
}
