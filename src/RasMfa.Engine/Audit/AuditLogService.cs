using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace RasMfa.Engine.Audit
{
    /// <summary>The engine's front door for the audit log: what was decided for each request, and why. The listener writes it; admins read it.</summary>
    public sealed class AuditLogService
    {
        /// <summary>Records removed per write: each batch holds the store's write lock for milliseconds, so logins slip in between.</summary>
        public const int PurgeBatch = 2000;

        /// <summary>The Result of the note a purge leaves in the log.</summary>
        public const string PurgeResult = "Purge";

        private static readonly TimeSpan PauseBetweenBatches = TimeSpan.FromMilliseconds(20);
        private readonly IAuditLog _log;
        private readonly Func<DateTime> _clock;

        /// <param name="clock">Now by the store's clock, which stamps a purge's note as listeners stamp theirs; this machine's when not given.</param>
        public AuditLogService(IAuditLog log, Func<DateTime>? clock = null)
        {
            _log = log;
            _clock = clock ?? (() => DateTime.UtcNow);
        }

        /// <summary>
        /// The records as an admin sees them, streamed from the store as the caller enumerates: the store keeps the name
        /// exactly as received (so that queries match it exactly), and the view shows it, and the reason, through
        /// <see cref="DisplayText.Escape"/>: a name with terminal escapes or bidi overrides cannot repaint the console.
        /// <see cref="AuthenticationLogQuery.UserName"/> finds a record by the name as received or as shown here.
        /// </summary>
        public IEnumerable<AuthenticationRecord> Read(AuthenticationLogQuery query)
        {
            foreach (var record in _log.Read(query))
            {
                record.UserName = DisplayText.Escape(record.UserName);
                record.Reason = DisplayText.Escape(record.Reason);
                yield return record;
            }
        }

        /// <summary><see cref="Read"/>, loaded: for a caller that wants them all at once.</summary>
        public IReadOnlyList<AuthenticationRecord> Query(AuthenticationLogQuery query) => Read(query).ToList();

        /// <summary>
        /// Removes the records older than <paramref name="olderThanUtc"/>, in batches of <see cref="PurgeBatch"/> with a pause
        /// between them, and leaves a note in the log (Result "Purge") saying how many, up to when, and who asked, so that a
        /// purge is never silent. Stops between batches when <paramref name="cancellation"/> is set. How many were removed.
        /// The store compares times as UTC text: a local cut-off is converted, and one with no time zone (Unspecified) is
        /// refused (AuditPurgeCutoffNotUtc) rather than guessed, since a wrong guess removes hours more or fewer than asked.
        /// </summary>
        public long Purge(DateTime olderThanUtc, string requestedBy, CancellationToken cancellation = default)
        {
            if (olderThanUtc.Kind == DateTimeKind.Unspecified)
                throw new Administration.EngineException(Administration.EngineErrorKind.InvalidArgument, "AuditPurgeCutoffNotUtc",
                    $"The purge cut-off {olderThanUtc:s} has no time zone: give it in UTC or local time.", target: olderThanUtc);
            olderThanUtc = olderThanUtc.ToUniversalTime();
            long removed = 0;
            while (!cancellation.IsCancellationRequested)
            {
                int batch = _log.RemoveOlderThan(olderThanUtc, PurgeBatch);
                removed += batch;
                if (batch < PurgeBatch) break;
                cancellation.WaitHandle.WaitOne(PauseBetweenBatches);
            }
            if (removed > 0)
                _log.Add(new AuthenticationRecord
                {
                    TimeUtc = _clock(),
                    UserName = requestedBy,
                    Result = PurgeResult,
                    Reason = $"{removed} records older than {olderThanUtc:u} removed",
                    Method = "purge",
                });
            return removed;
        }

        /// <summary>The cut-off that <paramref name="retentionDays"/> (AuditRetentionDays) sets at <paramref name="nowUtc"/>; null keeps everything.</summary>
        public static DateTime? RetentionCutoff(int retentionDays, DateTime nowUtc) => retentionDays <= 0 ? (DateTime?)null : nowUtc.AddDays(-retentionDays);
    }
}
