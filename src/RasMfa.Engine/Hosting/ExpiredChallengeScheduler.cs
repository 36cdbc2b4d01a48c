using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Mfa;

namespace RasMfa.Engine.Hosting
{
    /// <summary>
    /// Removes expired challenges and the answers kept under request keys (<see cref="DecidedRequest.KeptFor"/>) from the
    /// store, from the listener, every <see cref="DefaultInterval"/>, in small batches (each one write of the login path's,
    /// queued between logins), so that logins never wait for it more than one small batch. Small, because an answer's key is
    /// random: each row removed is a page of its own to write, and a batch rides in the commit of the logins queued with it
    /// (500 rows: ~520 pages, 8-16 ms of that commit, commit after commit while a half minute's rows went; bench/RESULTS.md,
    /// issue 16). Several servers sharing a store each purge; removing what another removed already is harmless.
    /// </summary>
    public sealed class ExpiredChallengeScheduler : IDisposable
    {
        /// <summary>Rows of each kind one purge write removes at most (about 70 pages of SQLite's WAL, a millisecond or two).</summary>
        public const int BatchSize = 64;

        /// <summary>How often the listener purges (every second measured no better: fewer logins/s at full load on 2 cores).</summary>
        public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

        // 256,000 rows per run at most: above what 30 s of two-round logins at full load (two kept answers each) leave to expire.
        private const int MaxBatchesPerRun = 4000;
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
        public long PurgeNow() => PurgeAsync().GetAwaiter().GetResult();

        /// <summary>As <see cref="PurgeNow"/>, awaiting each batch's write: the timer's runs block no pool thread.</summary>
        public async Task<long> PurgeAsync()
        {
            long removed = 0;
            for (int batch = 0; batch < MaxBatchesPerRun && !_stopping.IsCancellationRequested; batch++)
            {
                int gone = await _logins.PurgeExpiredAsync(_clock(), BatchSize).ConfigureAwait(false);
                removed += gone;
                if (gone < BatchSize) break;
            }
            return removed;
        }

        private async void RunDue()
        {
            if (Interlocked.Exchange(ref _running, 1) == 1) return;
            try
            {
                long removed = await PurgeAsync().ConfigureAwait(false);
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
