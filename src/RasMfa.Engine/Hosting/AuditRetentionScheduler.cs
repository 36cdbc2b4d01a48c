using System;
using System.Threading;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Logging;

namespace RasMfa.Engine.Hosting
{
    /// <summary>
    /// Keeps the audit log within AuditRetentionDays, from the listener: a purge now and then, in short batches
    /// (<see cref="AuditLogService.Purge"/>), on a timer thread, so that logins never wait for it more than one batch.
    /// Several servers sharing a store each purge; removing what another removed already is harmless.
    /// </summary>
    public sealed class AuditRetentionScheduler : IDisposable
    {
        private readonly AuditLogService _audit;
        private readonly Func<MfaSettings> _settings;
        private readonly ILogger _logger;
        private readonly Timer _timer;
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private int _running;

        private readonly Func<DateTime> _clock;

        /// <param name="clock">Now by the store's clock (the listener's <see cref="StoreClock"/>), which stamps the audit records; this machine's when not given.</param>
        public AuditRetentionScheduler(IAuditLog log, Func<MfaSettings> settings, ILogger logger, TimeSpan firstAfter, TimeSpan checkEvery, Func<DateTime>? clock = null)
        {
            _clock = clock ?? (() => DateTime.UtcNow);
            _audit = new AuditLogService(log, _clock);
            _settings = settings;
            _logger = logger;
            _timer = new Timer(_ => RunDue(), null, firstAfter, checkEvery);
        }

        private void RunDue()
        {
            if (Interlocked.Exchange(ref _running, 1) == 1) return;
            try
            {
                int days = _settings().AuditRetentionDays;
                var cutoff = AuditLogService.RetentionCutoff(days, _clock());
                if (cutoff == null) return;
                long removed = _audit.Purge(cutoff.Value, "RasMfa (AuditRetentionDays)", _stopping.Token);
                if (removed > 0)
                    _logger.LogInformation("Removed {Removed} audit records older than {Cutoff:u} (AuditRetentionDays {Days}).", removed, cutoff.Value, days);
            }
            catch (Exception e)
            {
                // The next run tries again; a background thread never throws into the process.
                _logger.LogError(LogEvents.AuditRetentionFailed, e, "Removing audit records past AuditRetentionDays failed.");
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
