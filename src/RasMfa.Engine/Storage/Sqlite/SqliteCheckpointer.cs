using System;
using System.Threading;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Logging;
using SQLitePCL;

namespace RasMfa.Engine.Storage.Sqlite
{
    /// <summary>
    /// Copies the login writer's committed pages from the WAL into the database file, on a thread and connection of its own.
    /// SQLite's automatic checkpoint runs inside the commit that takes the WAL past 1000 pages: on the login writer that
    /// stalled every queued login for the checkpoint's whole copy and two fsyncs (25-50 ms every 200 ms at half load on the
    /// shared 2 cores; bench/RESULTS.md, issue 16), and set the half-load p99. The writer's connection turns that off and
    /// calls <see cref="Written"/> after each commit; at most once per interval after a write this runs a PASSIVE
    /// checkpoint, which never waits for or blocks the writer or readers. Durability does not depend on it: a login's
    /// commit is synced in the WAL before its answer goes; a checkpoint only moves synced pages.
    /// The WAL starts again from its beginning only when a write transaction begins with all of it copied, which under
    /// steady load a checkpoint beside the writer never sees (commits land during its copy). So once the WAL is past
    /// <see cref="RestartFrames"/> and a checkpoint copied all it saw, the writer is asked (<see cref="TakeCatchUp"/>) to copy
    /// the few pages committed since, when nothing is queued (or the WAL is twice that long): its next transaction restarts
    /// the WAL, which stays bounded.
    /// </summary>
    internal sealed class SqliteCheckpointer : IDisposable
    {
        /// <summary>How long after a commit the checkpoint waits, so that one checkpoint takes the commits of that time.</summary>
        public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(200);

        /// <summary>WAL pages past which the writer restarts the WAL (16 MiB of 4 KiB pages; SQLite's own threshold is 1000).</summary>
        public const int DefaultRestartFrames = 4096;

        private readonly Func<SqliteConnection> _open;
        private readonly TimeSpan _interval;
        private readonly object _gate = new object();
        private readonly Thread _thread;
        private bool _written;
        private bool _closed;
        private long _checkpoints;
        private long _failures;
        private int _failuresInARow;
        private readonly ILogger? _logger;
        private readonly RateLimitedLog _failureLines = new RateLimitedLog(TimeSpan.FromMinutes(5));

        /// <summary>Checkpoints failed in a row past which the writer checkpoints in its own commits again (<see cref="Failing"/>).</summary>
        public const int FailuresBeforeFallback = 3;
        private long _catchUps;
        private int _catchUpWanted;
        private int _walFrames;

        // Passes of one checkpoint at most, and the pages the last may have copied for the writer's catch-up to be asked for.
        private const int MaxPasses = 4;
        private const int CatchUpFrames = 64;

        /// <param name="open">Opens a connection of the checkpointer's own (not pooled: it lives as long as the checkpointer), that has read.</param>
        /// <param name="interval">How long after a commit a checkpoint runs; null: <see cref="DefaultInterval"/>.</param>
        /// <param name="restartFrames">WAL pages past which the writer restarts it; 0: <see cref="DefaultRestartFrames"/>.</param>
        /// <param name="logger">Where failures are reported, at most one line per 5 minutes.</param>
        public SqliteCheckpointer(Func<SqliteConnection> open, TimeSpan? interval = null, int restartFrames = 0, ILogger? logger = null)
        {
            _open = open;
            _logger = logger;
            _interval = interval ?? DefaultInterval;
            RestartFrames = restartFrames > 0 ? restartFrames : DefaultRestartFrames;
            _thread = new Thread(Run) { IsBackground = true, Name = "RasMfa store checkpointer" };
            _thread.Start();
        }

        /// <summary>Checkpoints run so far (each PASSIVE, whether or not it could copy the whole WAL).</summary>
        public long Checkpoints => Interlocked.Read(ref _checkpoints);

        public int RestartFrames { get; }

        /// <summary>Catch-ups the writer ran (each copying what was committed since the last checkpoint, for the WAL to restart).</summary>
        public long CatchUps => Interlocked.Read(ref _catchUps);

        /// <summary>Checkpoints that failed (the next one opens a new connection); SQLITE_BUSY, another process's checkpoint running, is not one.</summary>
        public long Failures => Interlocked.Read(ref _failures);

        /// <summary>
        /// The last <see cref="FailuresBeforeFallback"/> checkpoints failed (its connection cannot be opened, the disk errs):
        /// nothing copies the WAL, which would grow without bound, so the writer turns SQLite's automatic checkpoint back on
        /// until one succeeds again.
        /// </summary>
        public bool Failing => Volatile.Read(ref _failuresInARow) >= FailuresBeforeFallback;

        /// <summary>The writer committed: a checkpoint follows within <see cref="Interval"/>. Cheap: called after every commit.</summary>
        public void Written()
        {
            lock (_gate)
            {
                if (_written) return;
                _written = true;
                Monitor.Pulse(_gate);
            }
        }

        /// <summary>
        /// Called by the writer between batches: true (once) when it should copy what was committed since the last checkpoint
        /// (<see cref="CatchUp"/>) so that its next transaction restarts the WAL.
        /// </summary>
        /// <param name="writerIdle">Nothing is queued: the catch-up delays no login. While logins are queued it waits, until the WAL is twice <see cref="RestartFrames"/>.</param>
        public bool TakeCatchUp(bool writerIdle) =>
            Volatile.Read(ref _catchUpWanted) != 0 && (writerIdle || Volatile.Read(ref _walFrames) >= 2 * RestartFrames) && Interlocked.Exchange(ref _catchUpWanted, 0) != 0;

        /// <summary>
        /// The writer's catch-up, on its own connection outside a transaction: a PASSIVE checkpoint of the pages committed
        /// since the last one (the rest already copied). Its failure is no login's: it is counted and the WAL restarts later.
        /// </summary>
        public void CatchUp(SqliteConnection writerConnection)
        {
            int rc = raw.sqlite3_wal_checkpoint_v2(writerConnection.Handle, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _);
            if (rc == raw.SQLITE_OK) Interlocked.Increment(ref _catchUps);
            else if (rc != raw.SQLITE_BUSY) Interlocked.Increment(ref _failures);
        }

        // Sleeps until a commit, lets the interval's commits gather, then checkpoints; false once closed.
        private bool WaitForWrites()
        {
            lock (_gate)
            {
                while (!_written && !_closed) Monitor.Wait(_gate);
                if (_closed) return false;
                // While the writer's catch-up waits for an idle moment, passes come more often: each leaves it less to copy.
                var wait = Volatile.Read(ref _catchUpWanted) != 0 ? TimeSpan.FromTicks(_interval.Ticks / 8) : _interval;
                var until = DateTime.UtcNow + wait;
                for (var left = wait; left > TimeSpan.Zero && !_closed; left = until - DateTime.UtcNow) Monitor.Wait(_gate, left);
                _written = false;
                return !_closed;
            }
        }

        // A PASSIVE checkpoint; when the WAL is long and all of it was copied, passes again over what was committed during
        // the last (each shorter than the one before), so that the writer's catch-up has only a few pages left to copy.
        private void Checkpoint(SqliteConnection connection)
        {
            int copiedBefore = 0;
            for (int pass = 0; pass < MaxPasses; pass++)
            {
                int rc = raw.sqlite3_wal_checkpoint_v2(connection.Handle, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out int walFrames, out int copied);
                // BUSY: another connection (the writer's catch-up, another server on the same file) is checkpointing.
                if (rc == raw.SQLITE_BUSY) return;
                if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, connection.Handle);
                Interlocked.Increment(ref _checkpoints);
                Volatile.Write(ref _walFrames, walFrames);
                // Not all copied: a reader holds an older snapshot; the next checkpoint tries again.
                if (walFrames < RestartFrames || copied != walFrames) return;
                if (copied - copiedBefore <= CatchUpFrames || pass == MaxPasses - 1)
                {
                    Volatile.Write(ref _catchUpWanted, 1);
                    return;
                }
                copiedBefore = copied;
            }
        }

        private void Run()
        {
            SqliteConnection? connection = null;
            while (WaitForWrites())
            {
                try
                {
                    connection ??= _open();
                    Checkpoint(connection);
                    Volatile.Write(ref _failuresInARow, 0);
                }
                catch (Exception e)
                {
                    // A checkpoint is never needed for a login's durability: the next commit brings the next attempt, on a new connection.
                    Interlocked.Increment(ref _failures);
                    Interlocked.Increment(ref _failuresInARow);
                    connection?.Dispose();
                    connection = null;
                    Report(e);
                }
            }
            connection?.Dispose();
        }

        private void Report(Exception e)
        {
            var turn = _failureLines.Occurred();
            if (!turn.Write || _logger == null) return;
            try
            {
                _logger.LogWarning("The store's WAL checkpoint failed ({Failures} in a row, {Suppressed} more since the last report): {Fault}. " +
                    "After {Fallback} in a row the login writer checkpoints in its own commits until one succeeds.",
                    Volatile.Read(ref _failuresInARow), turn.SuppressedBefore, e.Message, FailuresBeforeFallback);
            }
            catch (Exception)
            {
                // A log sink's failure is not the checkpoint's.
            }
        }

        /// <summary>Stops the thread (a checkpoint under way finishes first); SQLite checkpoints the rest when the last connection closes.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                _closed = true;
                Monitor.Pulse(_gate);
            }
            if (Thread.CurrentThread != _thread) _thread.Join(TimeSpan.FromSeconds(10));
        }
    }
}
