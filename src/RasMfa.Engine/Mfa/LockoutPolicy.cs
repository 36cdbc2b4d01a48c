using System;

namespace RasMfa.Engine.Mfa
{
    /// <summary>When counted failures lock a user, and for how long, as of now.</summary>
    public sealed class LockoutPolicy
    {
        public LockoutPolicy(int threshold, TimeSpan lockFor, DateTime nowUtc)
        {
            Threshold = threshold;
            LockFor = lockFor;
            NowUtc = nowUtc;
        }

        public int Threshold { get; }

        public TimeSpan LockFor { get; }

        public DateTime NowUtc { get; }
    }
}
