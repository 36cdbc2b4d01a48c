using System;
using System.Threading;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// Bounds the requests being decided at once, checked before the handler with two interlocked operations. A first round
    /// may enter while fewer than the limit are in flight; a second round (a State naming an open challenge) while fewer than
    /// the limit and a quarter: so under a flood of new logins the ones already half done still finish (design: requests
    /// with a valid State go first), and a flood of second rounds needs States, which only first rounds can open.
    /// </summary>
    public sealed class InFlightGate
    {
        private readonly Func<int> _limit;
        private int _inFlight;

        public InFlightGate(Func<int> limit) => _limit = limit;

        public int InFlight => Volatile.Read(ref _inFlight);

        /// <summary>True when the request may go on; the caller must then call <see cref="Exit"/> once it is answered.</summary>
        public bool TryEnter(bool secondRound)
        {
            int limit = _limit();
            int allowed = secondRound ? limit + limit / 4 : limit;
            if (Interlocked.Increment(ref _inFlight) <= allowed) return true;
            Interlocked.Decrement(ref _inFlight);
            return false;
        }

        public void Exit() => Interlocked.Decrement(ref _inFlight);
    }
}
