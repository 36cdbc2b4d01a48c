using System;
using System.Threading;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Mfa;

namespace RasMfa.Engine.Hosting
{
    /// <summary>
    /// Removes expired challenges and the answers kept under request keys (<see cref="DecidedRequest.KeptFor"/>) from the
    /// store, from the listener, now and then, in short batches (each one write of the login path's, queued between logins),
    /// so that logins never wait for it more than one batch. Several servers sharing a store each purge; removing what
    /// another removed already is harmless.
    /// </summary>
    public sealed class ExpiredChallengeScheduler : IDisposable
    {
        public const int BatchSize = 500;
        private const int MaxBatchesPerRun = 200;
        private readonly ILoginStore _logins;
        private readonly ILogger _logger;
        private readonly Func<DateTime> _clock;
        private readonly Timer _timer;
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private int _running;

        public ExpiredChallengeScheduler(ILoginStore logins, ILogger logger, TimeSpan checkEvery, Func<DateTime>? clock = null)
        {
            _logins = logins;
            _logger = logger;
            _clock = clock ?? (() => DateTime.UtcNow);
            _timer = new Timer(_ => RunDue(), null, checkEvery, checkEvery);
        }

        /// <summary>One run: batches until one removes fewer than <see cref="BatchSize"/> rows. Returns how many went.</summary>
        public long PurgeNow()
        {
            long removed = 0;
            for (int batch = 0; batch < MaxBatchesPerRun && !_stopping.IsCancellationRequested; batch++)
            {
                int gone = _logins.PurgeExpiredAsync(_clock(), BatchSize).GetAwaiter().GetResult();
                removed += gone;
                if (gone < BatchSize) break;
            }
            return removed;
        }

        private void RunDue()
        {
            if (Interlocked.Exchange(ref _running, 1) == 1) return;
            try
            {
                long removed = PurgeNow();
                if (removed > 0) _logger.LogDebug("Removed {Removed} expired challenges and kept answers.", removed);
            }
            catch (Exception e)
            {
                // The next run tries again; a background thread never throws into the process.
                _logger.LogWarning("Removing expired challenges failed ({Error}); the next run tries again.", e.Message);
            }
            finally
            {
                Interlocked.Exchange(ref _running, 0);
            }
        }

        public void Dispose()
        {
            _stopping.Cancel();
            _timer.Dispose();
        }
    }
}
