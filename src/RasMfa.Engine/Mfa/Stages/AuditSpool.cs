using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Audit records the store could not take (its write lock held elsewhere past StoreWriteTimeoutSeconds), kept in memory
    /// and written again once a login's write succeeds. Bounded: past <see cref="Capacity"/> the oldest is given up, and
    /// counted. Every record that reaches here has been logged at Error level in full already, so none is lost silently.
    /// </summary>
    public sealed class AuditSpool
    {
        public const int Capacity = 10000;
        private readonly ConcurrentQueue<AuthenticationRecord> _records = new ConcurrentQueue<AuthenticationRecord>();
        private readonly ILoginStore _logins;
        private readonly ILogger _logger;
        private long _unwritten;
        private long _givenUp;
        private int _flushing;

        public AuditSpool(ILoginStore logins, ILogger logger)
        {
            _logins = logins;
            _logger = logger;
        }

        /// <summary>Records the store refused so far (each logged at Error level when it happened).</summary>
        public long Unwritten => Interlocked.Read(ref _unwritten);

        /// <summary>Records waiting to be written again.</summary>
        public int Waiting => _records.Count;

        /// <summary>Records dropped from the spool when it was full: in the log only.</summary>
        public long GivenUp => Interlocked.Read(ref _givenUp);

        public void Keep(AuthenticationRecord record)
        {
            Interlocked.Increment(ref _unwritten);
            _records.Enqueue(record);
            while (_records.Count > Capacity && _records.TryDequeue(out _)) Interlocked.Increment(ref _givenUp);
        }

        /// <summary>The store took a write: the records waiting are written again, in the background, one flush at a time.</summary>
        public void StoreIsWritable()
        {
            if (_records.IsEmpty || Interlocked.Exchange(ref _flushing, 1) == 1) return;
            Task.Run(FlushAsync);
        }

        // In chunks, all of a chunk queued at once, so the store's group commit writes each chunk in one transaction.
        private async Task FlushAsync()
        {
            const int Chunk = 256;
            int written = 0, failed = 0;
            try
            {
                while (failed == 0 && !_records.IsEmpty)
                {
                    var chunk = new System.Collections.Generic.List<AuthenticationRecord>(Chunk);
                    while (chunk.Count < Chunk && _records.TryDequeue(out var record)) chunk.Add(record);
                    var writes = chunk.ConvertAll(record => (Record: record, Task: _logins.SettleAsync(LoginWrite.AuditOnly, _ => record)));
                    foreach (var (record, write) in writes)
                    {
                        try
                        {
                            await write.ConfigureAwait(false);
                            written++;
                        }
                        catch (Exception)
                        {
                            // Still unavailable: kept for the next successful login to try again.
                            failed++;
                            _records.Enqueue(record);
                        }
                    }
                }
            }
            finally
            {
                if (written > 0) _logger.LogInformation("Wrote {Written} audit records that had waited for the store.", written);
                if (failed > 0) _logger.LogWarning("{Failed} spooled audit records could not be written yet; they are kept for the next try.", failed);
                Interlocked.Exchange(ref _flushing, 0);
            }
        }
    }
}
