using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Logging;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Reserved attempts whose login's own write was never made (the store's write lock held elsewhere, or a stage that
    /// failed), that this write would have given back: a right password, or one never checked. Without this, a user whose
    /// right password was answered by silence is locked by their client's own retransmissions. They are given back once
    /// the store takes writes again: tried at once on their own, then before the next reservation (queued ahead of it) and
    /// after any login's write that succeeded. A wrong password's reservation is never kept here: its count is the failure. Bounded: past
    /// <see cref="Capacity"/> a reservation is left counted (the safe side), and logged at a rate limit (one per login would let
    /// anyone who can make the gateway send logins flood the event log for as long as the outage lasts).
    /// </summary>
    public sealed class ReservationGiveBacks
    {
        public const int Capacity = 10000;
        private readonly ConcurrentQueue<AttemptReservation> _waiting = new ConcurrentQueue<AttemptReservation>();
        private readonly ILoginStore _logins;
        private readonly ILogger _logger;
        private readonly RateLimitedLog _overflowLimit = new RateLimitedLog(TimeSpan.FromMinutes(1));
        private int _giving;
        private long _leftCounted;

        public ReservationGiveBacks(ILoginStore logins, ILogger logger)
        {
            _logins = logins;
            _logger = logger;
        }

        /// <summary>Reservations waiting to be given back.</summary>
        public int Waiting => _waiting.Count;

        /// <summary>Reservations not kept because the queue was full: their counts stand.</summary>
        public long LeftCounted => Interlocked.Read(ref _leftCounted);

        /// <summary>
        /// A login whose write of <paramref name="write"/> was not made: the reservation it would have given back (none when it
        /// kept it, a wrong password's) waits to be given back. True when one was kept.
        /// </summary>
        public bool KeepUnsettled(LoginWrite write)
        {
            if (write.Reservation is not { Admitted: true } reserved || write.KeepsReservation) return false;
            Keep(reserved);
            return true;
        }

        /// <summary>A reserved attempt whose login ended before any write settled it, without a wrong password (a stage failed).</summary>
        public void Keep(AttemptReservation reserved)
        {
            if (!reserved.Admitted || reserved.UserId == 0) return;
            if (_waiting.Count >= Capacity)
            {
                Interlocked.Increment(ref _leftCounted);
                var turn = _overflowLimit.Occurred();
                if (turn.Write)
                    StoreFailureLog.ReservationLeftCounted(_logger, reserved.UserId, Capacity, turn.SuppressedBefore + 1);
                return;
            }
            _waiting.Enqueue(reserved);
        }

        /// <summary>
        /// Gives back what waits, in one write queued now (so that a reservation asked for after this call is written after
        /// it); one at a time. What the store does not take waits for the next try. The task never faults.
        /// </summary>
        public Task GiveBackAsync()
        {
            if (_waiting.IsEmpty || Interlocked.Exchange(ref _giving, 1) == 1) return Task.CompletedTask;
            var taken = new List<AttemptReservation>();
            while (_waiting.TryDequeue(out var reserved)) taken.Add(reserved);
            Task write;
            try
            {
                write = _logins.GiveBackAsync(taken);
            }
            catch (Exception e)
            {
                write = Task.FromException(e);
            }
            return Settled(write, taken);
        }

        private async Task Settled(Task write, List<AttemptReservation> taken)
        {
            bool written = false;
            try
            {
                await write.ConfigureAwait(false);
                written = true;
                StoreFailureLog.ReservationsGivenBack(_logger, taken.Count);
            }
            catch (Exception e)
            {
                // Nothing of the write was made: each waits again, given back at most once, within the bound (past it, left counted).
                foreach (var reserved in taken) Keep(reserved);
                StoreFailureLog.ReservationsNotGivenBack(_logger, taken.Count, e.Message);
            }
            finally
            {
                Interlocked.Exchange(ref _giving, 0);
            }
            // Kept while this write was under way, those were turned away by the one-at-a-time rule: the store takes writes,
            // so they go now rather than wait for a next login that may not come (a quiet night, one user's retries).
            if (written && !_waiting.IsEmpty) await GiveBackAsync().ConfigureAwait(false);
        }
    }
}
