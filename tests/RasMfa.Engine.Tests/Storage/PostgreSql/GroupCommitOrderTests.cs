using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.PostgreSql;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.PostgreSql
{
    /// <summary>
    /// Group commit on PostgreSQL: a batch runs its logins' writes by user, so that two servers whose batches hold the same
    /// users, queued in opposite orders, take the rows in one order and wait for each other: no deadlock, no login undone.
    /// </summary>
    public sealed class GroupCommitOrderTests : IDisposable
    {
        private static readonly TimeSpan Ample = TimeSpan.FromSeconds(30);
        private readonly PostgreSqlTestDatabase _postgres = new PostgreSqlTestServer().CreateDatabase();
        private readonly List<(StoreDatabase Database, ILoginWriteQueue Queue)> _servers = new List<(StoreDatabase, ILoginWriteQueue)>();

        private ILoginWriteQueue Server()
        {
            var database = new StoreDatabase(new PostgreSqlDialect(_postgres.ConnectionString), new RasMfa.Engine.Tests.Administration.TemporaryStore.CountingProtector(),
                _ => throw new InvalidOperationException("the protector is given"));
            var queue = database.Dialect.CreateLoginWriteQueue(database);
            _servers.Add((database, queue));
            return queue;
        }

        // Every writer busy in a write of its own; the first one let go takes what was queued meanwhile as one batch.
        private static List<ManualResetEventSlim> HoldEveryWriter(ILoginWriteQueue queue)
        {
            var releases = new List<ManualResetEventSlim>();
            for (int i = 0; i < PostgreSqlWriteQueue.MaxWriters; i++)
            {
                using var entered = new ManualResetEventSlim();
                var release = new ManualResetEventSlim();
                _ = queue.Enqueue(session => { entered.Set(); release.Wait(); return 0; }, Ample);
                Assert.True(entered.Wait(Ample));
                releases.Add(release);
            }
            return releases;
        }

        // A user's row as the login path takes it: locked, then changed.
        private static int Lock(StoreSession session, long user)
        {
            using (var reader = session.Command("SELECT value FROM setting WHERE name = @name FOR UPDATE", ("@name", "user-" + user)).ExecuteReader()) reader.Read();
            return session.Command("UPDATE setting SET value = value || 'x' WHERE name = @name", ("@name", "user-" + user)).ExecuteNonQuery();
        }

        [Fact]
        public async Task A_batch_runs_its_writes_by_user_whatever_order_they_came_in()
        {
            var queue = Server();
            var releases = HoldEveryWriter(queue);
            var ran = new ConcurrentQueue<long>();
            var writes = new long[] { 3, 1, 2 }.Select(user => queue.Enqueue(session => { ran.Enqueue(user); return 0; }, Ample, new WriteOrder(user))).ToList();
            releases.ForEach(release => release.Set());
            await Task.WhenAll(writes);
            Assert.Equal(new long[] { 1, 2, 3 }, ran.ToArray());
        }

        [Fact]
        public async Task Two_servers_batches_holding_the_same_users_queued_in_opposite_orders_do_not_deadlock()
        {
            ILoginWriteQueue a = Server(), b = Server();
            _servers[0].Database.Execute("INSERT INTO setting (name, value) VALUES ('user-1', ''), ('user-2', '')");
            var heldA = HoldEveryWriter(a);
            var heldB = HoldEveryWriter(b);
            using var aHoldsUserOne = new ManualResetEventSlim();
            using var go = new ManualResetEventSlim();
            // A's batch: user 1 queued first, whose write stops once it holds the row, until B waits for a row; then user 2.
            var aOne = a.Enqueue(session =>
            {
                int changed = Lock(session, 1);
                aHoldsUserOne.Set();
                go.Wait();
                return changed;
            }, Ample, new WriteOrder(1));
            var aTwo = a.Enqueue(session => Lock(session, 2), Ample, new WriteOrder(2));
            // B's batch the other way round: user 2 queued first, then user 1.
            var bTwo = b.Enqueue(session => Lock(session, 2), Ample, new WriteOrder(2));
            var bOne = b.Enqueue(session => Lock(session, 1), Ample, new WriteOrder(1));
            heldA[0].Set();
            Assert.True(aHoldsUserOne.Wait(Ample));
            heldB[0].Set();
            // B waits for a row A holds: user 1, taken first as A took it (in the order queued, B would hold user 2, which A needs next).
            Assert.True(AdvisoryLockWaiters.WaitUntil(() => RowLockWaiters() > 0, Ample));
            go.Set();

            Assert.Equal(new[] { 1, 1, 1, 1 }, await Task.WhenAll(aOne, aTwo, bOne, bTwo));
            heldA.Concat(heldB).ToList().ForEach(release => release.Set());
            Assert.Equal(new[] { "xx", "xx" }, Values());
            Assert.Equal(0, Deadlocks());
        }

        [Fact]
        public async Task A_login_waiting_for_a_row_lock_held_elsewhere_does_not_cost_the_others_of_its_batch_their_logins()
        {
            var queue = Server();
            _servers[0].Database.Execute("INSERT INTO setting (name, value) VALUES ('user-1', ''), ('user-2', '')");
            // An admin's transaction (or another server's long write) holds user 1's row.
            using var elsewhere = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_postgres.ConnectionString) { Pooling = false }.ConnectionString);
            elsewhere.Open();
            using var holding = elsewhere.BeginTransaction();
            using (var take = new NpgsqlCommand("SELECT value FROM setting WHERE name = 'user-1' FOR UPDATE", elsewhere, holding)) take.ExecuteScalar();
            var releases = HoldEveryWriter(queue);
            // StoreWriteTimeoutSeconds 8: the batch waits for the lock a quarter of that, then sets user 1's write aside.
            var locked = queue.Enqueue(session => Lock(session, 1), TimeSpan.FromSeconds(8), new WriteOrder(1));
            var free = queue.Enqueue(session => Lock(session, 2), TimeSpan.FromSeconds(8), new WriteOrder(2));
            releases[0].Set(); // one writer, which takes both as one batch

            Assert.Equal(1, await free); // committed while user 1's row is still held
            holding.Commit();
            Assert.Equal(1, await locked); // then user 1's, alone, with the rest of its own time
            Assert.Equal(new[] { "x", "x" }, Values());
            releases.ForEach(release => release.Set());
        }

        private long RowLockWaiters() => Scalar<long>(
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted AND database IS NULL AND pid IN " +
            "(SELECT pid FROM pg_stat_activity WHERE datname = current_database())");

        private string[] Values() => _servers[0].Database.Query("SELECT value FROM setting WHERE name LIKE 'user-%' ORDER BY name", reader => reader.GetString(0)).ToArray();

        // The database's deadlocks as PostgreSQL counts them: a backend reports its own when it ends, so the servers' go first.
        private long Deadlocks()
        {
            foreach (var (database, queue) in _servers)
            {
                queue.Dispose();
                ((IDisposable)database.Dialect).Dispose();
            }
            _servers.Clear();
            Assert.True(AdvisoryLockWaiters.WaitUntil(() => Scalar<long>("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()") == 0, Ample));
            return Scalar<long>("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
        }

        private T Scalar<T>(string sql)
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_postgres.ConnectionString) { Pooling = false }.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            return (T)command.ExecuteScalar()!;
        }

        public void Dispose()
        {
            foreach (var (database, queue) in _servers)
            {
                queue.Dispose();
                ((IDisposable)database.Dialect).Dispose();
            }
            _postgres.Dispose();
        }
    }
}
