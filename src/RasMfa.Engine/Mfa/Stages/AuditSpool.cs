using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Logging;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Audit records the store could not take (its write lock held elsewhere past StoreWriteTimeoutSeconds), kept in memory
    /// and written again once a login's write succeeds. Bounded: past <see cref="Capacity"/> the oldest is given up, and
    /// counted. Every record is in the store, here, or logged in full (<see cref="UnwrittenAuditLog"/>: one given up that
    /// was not logged in full when kept is logged then), so none is lost silently. A record the store refused outright (a
    /// constraint) is counted but not kept: it would be refused again.
    /// </summary>
    public sealed class AuditSpool
    {
        public const int Capacity = 10000;
        private readonly ConcurrentQueue<Spooled> _records = new ConcurrentQueue<Spooled>();
        private readonly ILoginStore _logins;
        private readonly ILogger _logger;
        private readonly UnwrittenAuditLog _unwrittenLog;
        private long _unwritten;
        private long _givenUp;
        private int _flushing;
        private Task _flush = Task.CompletedTask;

        public AuditSpool(ILoginStore logins, ILogger logger, UnwrittenAuditLog unwrittenLog)
        {
            _logins = logins;
            _logger = logger;
            _unwrittenLog = unwrittenLog;
        }

        /// <summary>Records the store did not take so far, kept or refused (each logged at Error level when it happened).</summary>
        public long Unwritten => Interlocked.Read(ref _unwritten);

        /// <summary>Records waiting to be written again.</summary>
        public int Waiting => _records.Count;

        /// <summary>Records dropped from the spool when it was full: in the log only.</summary>
        public long GivenUp => Interlocked.Read(ref _givenUp);

        /// <summary>Counts a record the store did not take (kept or refused); how many so far, this one included.</summary>
        public long CountUnwritten() => Interlocked.Increment(ref _unwritten);

        /// <summary>Keeps a record to be written again; <paramref name="loggedInFull"/>: the log holds it already.</summary>
        public void Keep(AuthenticationRecord record, bool loggedInFull)
        {
            _records.Enqueue(new Spooled(record, loggedInFull));
            while (_records.Count > Capacity && _records.TryDequeue(out var oldest))
            {
                Interlocked.Increment(ref _givenUp);
                if (!oldest.LoggedInFull) _unwrittenLog.GivenUp(oldest.Record);
            }
        }

        /// <summary>
        /// The store took a write: the records waiting are written again, in the background, one flush at a time. The flush
        /// started (or the one under way, or a finished one when nothing waits), for a caller that wants to wait for it.
        /// </summary>
        public Task StoreIsWritable()
        {
            if (_records.IsEmpty || Interlocked.Exchange(ref _flushing, 1) == 1) return Volatile.Read(ref _flush);
            var flush = Task.Run(FlushAsync);
            Volatile.Write(ref _flush, flush);
            return flush;
        }

        // A store whose writer has closed (the listener stopping) throws at once instead of failing the task: the same to us.
        private Task<LoginSettlement> Write(AuthenticationRecord record)
        {
            try
            {
                // An audit record written late: no request is decided by it (its login was answered, or withheld, long ago).
                return _logins.SettleAsync(LoginWrite.AuditOnly, null, _ => new LoginRecord(record, RecordedAnswer.Reject()));
            }
            catch (Exception e)
            {
                return Task.FromException<LoginSettlement>(e);
            }
        }

        // In chunks, all of a chunk queued at once, so the store's group commit writes each chunk in one transaction.
        private async Task FlushAsync()
        {
            const int Chunk = 256;
            int written = 0, failed = 0, refused = 0;
            try
            {
                while (failed == 0 && !_records.IsEmpty)
                {
                    var chunk = new System.Collections.Generic.List<Spooled>(Chunk);
                    while (chunk.Count < Chunk && _records.TryDequeue(out var spooled)) chunk.Add(spooled);
                    var writes = chunk.ConvertAll(spooled => (Spooled: spooled, Task: Write(spooled.Record)));
                    foreach (var (spooled, write) in writes)
                    {
                        try
                        {
                            var settled = await write.ConfigureAwait(false);
                            if (settled.AuditError == null)
                            {
                                written++;
                                continue;
                            }
                            // Refused (a constraint): it would be refused again, so it is dropped from the spool; logged in full (again) as such.
                            refused++;
                            _unwrittenLog.Refused(settled.AuditError, spooled.Record, Unwritten);
                        }
                        catch (Exception)
                        {
                            // Still unavailable (or the store's writer closed): kept for the next successful login to try again.
                            failed++;
                            _records.Enqueue(spooled);
                        }
                    }
                }
            }
            catch (Exception e)
            {
                // A background task: it never faults unobserved. Nothing is dequeued outside the loop above, so nothing is lost.
                StoreFailureLog.AuditSpoolFailed(_logger, e);
            }
            finally
            {
                if (written > 0) StoreFailureLog.AuditSpoolWritten(_logger, written);
                if (refused > 0) StoreFailureLog.AuditSpoolRefused(_logger, refused);
                if (failed > 0) StoreFailureLog.AuditSpoolNotYetWritten(_logger, failed);
                Interlocked.Exchange(ref _flushing, 0);
            }
        }

        private sealed class Spooled
        {
            public Spooled(AuthenticationRecord record, bool loggedInFull)
            {
                Record = record;
                LoggedInFull = loggedInFull;
            }

            public AuthenticationRecord Record { get; }

            public bool LoggedInFull { get; }
        }
    }
}
