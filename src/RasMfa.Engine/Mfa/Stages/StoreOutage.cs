using System;
using System.Threading;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Logging;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Logins answered as the store unavailable (a read or a write it could not make: its server gone, its write lock held
    /// elsewhere past StoreWriteTimeoutSeconds), as StoreUnavailableAnswer says: counted for Get-RasMfaRadiusServer, and the
    /// outage's start and end logged once each. Each such login's audit record goes to <see cref="UnwrittenAuditLog"/>, at
    /// its rate, and waits in the <see cref="AuditSpool"/>; nothing here needs the store to come back but the next login.
    /// </summary>
    public sealed class StoreOutage
    {
        private readonly ILogger _logger;
        private readonly Func<DateTime> _clock;
        private long _answered;
        private long _answeredBefore;
        private long _sinceTicks;
        private int _down;

        public StoreOutage(ILogger logger, Func<DateTime>? clock = null)
        {
            _logger = logger;
            _clock = clock ?? (() => DateTime.UtcNow);
        }

        /// <summary>Logins answered as the store unavailable since the start (withheld or rejected, as StoreUnavailableAnswer says).</summary>
        public long LoginsAnswered => Interlocked.Read(ref _answered);

        /// <summary>
        /// Whether a failure means the store could not be used now, rather than a fault in what was asked of it: the store's
        /// <see cref="EngineErrorKind.Unavailable"/> (a connection refused or lost, a lock not free in time), wherever it lies
        /// among the inner exceptions.
        /// </summary>
        public static bool IsUnavailable(Exception? error)
        {
            for (var e = error; e != null; e = e.InnerException)
            {
                if (e is EngineException engine && engine.Kind == EngineErrorKind.Unavailable) return true;
                if (e is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) return IsUnavailable(aggregate.InnerExceptions[0]);
            }
            return false;
        }

        /// <summary>A login answered as the store unavailable; the first of an outage logs that it began.</summary>
        internal void Answered(Exception error, StoreUnavailableAnswer answer)
        {
            long answered = Interlocked.Increment(ref _answered);
            if (Interlocked.CompareExchange(ref _down, 1, 0) != 0) return;
            Interlocked.Exchange(ref _answeredBefore, answered - 1);
            Interlocked.Exchange(ref _sinceTicks, _clock().Ticks);
            StoreFailureLog.StoreUnavailable(_logger, error.Message, answer);
        }

        /// <summary>A login's write went in: an outage under way has ended, and is logged with what it cost.</summary>
        internal void Usable()
        {
            if (Volatile.Read(ref _down) == 0 || Interlocked.CompareExchange(ref _down, 0, 1) != 1) return;
            var seconds = Math.Max(0, (_clock() - new DateTime(Interlocked.Read(ref _sinceTicks), DateTimeKind.Utc)).TotalSeconds);
            StoreFailureLog.StoreReturned(_logger, seconds, LoginsAnswered - Interlocked.Read(ref _answeredBefore));
        }
    }
}
