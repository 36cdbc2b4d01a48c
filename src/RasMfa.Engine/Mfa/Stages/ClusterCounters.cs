using System.Threading;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>What this listener saw of the other servers on its store, for Get-RasMfaRadiusServer.</summary>
    public sealed class ClusterCounters
    {
        private long _decidedElsewhere;
        private long _claimsTakenOver;

        /// <summary>Requests answered with the answer another server recorded for the same request (RAS active-active).</summary>
        public long DecidedElsewhere => Interlocked.Read(ref _decidedElsewhere);

        /// <summary>Requests whose claim another server left unanswered past DuplicateWaitSeconds, decided here instead.</summary>
        public long ClaimsTakenOver => Interlocked.Read(ref _claimsTakenOver);

        internal void CountDecidedElsewhere() => Interlocked.Increment(ref _decidedElsewhere);

        internal void CountClaimTakenOver() => Interlocked.Increment(ref _claimsTakenOver);
    }
}
