using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.PostgreSql;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.PostgreSql
{
    /// <summary>
    /// Issue 12's known limit: an admin session frozen inside a transaction that holds the administrative lock (a paused pwsh,
    /// a laptop put to sleep mid-command) held it until TCP gave up, about two hours, and every other admin write, store open
    /// and join waited and then failed with Npgsql's raw timeout. The holder is now cut by the server after it idles past a
    /// bound, and a waiter gives up after its own bound with StoreBusy naming who holds the lock.
    /// </summary>
    public sealed class AdministrativeLockBoundTests : IDisposable
    {
        private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
        private readonly PostgreSqlTestDatabase _database = new PostgreSqlTestServer().CreateDatabase();
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-pg-adminlock-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            _database.Dispose();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        private PostgreSqlStore Open(AdministrativeLimits? limits = null, string? connectionString = null) =>
            new PostgreSqlStore(connectionString ?? _database.ConnectionString, _folder, StorePlatforms.ForThisMachine(), null, limits);

        private static RadiusClientDefinition Client(string name, string address) =>
            new RadiusClientDefinition(name, IpNetwork.Parse(address), Encoding.UTF8.GetBytes("a-shared-secret-for-tests"));

        [Fact]
        public void A_session_frozen_while_it_holds_the_lock_is_ended_by_the_server_and_the_next_admin_write_goes_in()
        {
            using var frozen = Open(new AdministrativeLimits(idleInTransaction: TimeSpan.FromSeconds(1), wait: TimeSpan.FromSeconds(15)));
            using var other = Open();
            using var holding = new ManualResetEventSlim(false);
            using var resume = new ManualResetEventSlim(false);
            // An admin write that took the lock and then stopped between two statements, as a paused process does.
            var holder = Task.Run(() => frozen.Database.InTransaction((connection, transaction) =>
            {
                holding.Set();
                resume.Wait(Limit);
                using var insert = StoreDatabase.Command(connection, transaction,
                    "INSERT INTO setting (name, value) VALUES ('frozen-write', 'x')");
                insert.ExecuteNonQuery();
                return 0;
            }, bumpVersion: false));
            Assert.True(holding.Wait(Limit));

            // Before: this waited for the lock until Npgsql's command timeout (20 s) and failed with its raw exception.
            var refused = Record.Exception(() => other.Clients.Add(Client("after-the-freeze", "10.0.0.1")));
            Assert.Null(refused);
            Assert.NotNull(other.Clients.Get("after-the-freeze"));

            // The frozen session wakes to find its transaction gone: a refusal with an id, and nothing of it written.
            resume.Set();
            var holderFailure = Record.Exception(() => holder.Wait(Limit));
            var storeFailure = Assert.IsType<StoreException>(holderFailure is AggregateException all ? all.InnerException : holderFailure);
            Assert.Contains(storeFailure.ErrorId, new[] { StoreFailures.SessionEndedErrorId, PostgreSqlErrors.UnreachableErrorId });
            Assert.Equal(0L, CountSettings("frozen-write"));
        }

        [Fact]
        public void An_admin_write_waiting_for_the_lock_gets_StoreBusy_within_its_bound_naming_the_session_that_holds_it()
        {
            using var waiter = Open(new AdministrativeLimits(idleInTransaction: TimeSpan.FromSeconds(60), wait: TimeSpan.FromSeconds(1)));
            using var holder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Pooling = false, ApplicationName = "admin-on-laptop-7" }.ConnectionString);
            holder.Open();
            using var transaction = holder.BeginTransaction();
            using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PostgreSqlDialect.AdministrativeLock})", holder, transaction))
                take.ExecuteNonQuery();

            // Before: a raw NpgsqlException (57014, the command timeout) after 20 s, naming nothing.
            var refused = Assert.IsType<StoreException>(Record.Exception(() => waiter.Clients.Add(Client("while-held", "10.0.0.2"))));
            Assert.Equal("StoreBusy", refused.ErrorId);
            Assert.Contains("admin-on-laptop-7", refused.Message);
            Assert.Contains("idle in transaction", refused.Message);
            transaction.Rollback();
            Assert.Null(waiter.Clients.Get("while-held"));
        }

        [Fact]
        public void An_admin_transaction_sets_both_bounds_and_names_its_process_unless_the_connection_string_sets_them()
        {
            using (var store = Open())
            {
                var (idle, wait, application) = SettingsInAdminTransaction(store);
                Assert.Equal("1min", idle);
                Assert.Equal("15s", wait);
                Assert.StartsWith("RasMfa " + Environment.MachineName, application);
            }
            var own = new NpgsqlConnectionStringBuilder(_database.ConnectionString)
            {
                Options = "-c lock_timeout=3s -c idle_in_transaction_session_timeout=5min",
                ApplicationName = "ops-console",
            }.ConnectionString;
            using (var store = Open(connectionString: own))
            {
                var (idle, wait, application) = SettingsInAdminTransaction(store);
                Assert.Equal("5min", idle);
                Assert.Equal("3s", wait);
                Assert.Equal("ops-console", application);
            }
        }

        [Fact]
        public void An_admins_explicit_0_for_either_bound_stays_no_limit()
        {
            // Review R3: 0 is PostgreSQL's default, but written in Options it is the admin's choice (no limit), not "unset".
            var own = new NpgsqlConnectionStringBuilder(_database.ConnectionString)
            {
                Options = "-c lock_timeout=0 -c idle_in_transaction_session_timeout=0",
            }.ConnectionString;
            using var store = Open(connectionString: own);
            var (idle, wait, _) = SettingsInAdminTransaction(store);
            Assert.Equal(("0", "0"), (idle, wait));
        }

        [Fact]
        public void The_data_source_probes_idle_connections_unless_the_connection_string_says_otherwise()
        {
            Assert.Equal((30, true, 30), KeepAlive(_database.ConnectionString));
            Assert.Equal((5, false, 0), KeepAlive(_database.ConnectionString + ";Keepalive=5;Tcp Keepalive=false"));
        }

        // What the dialect's data source connects with: Npgsql's application keepalive, TCP keepalive and its idle time.
        private static (int KeepAlive, bool TcpKeepAlive, int TcpKeepAliveTime) KeepAlive(string connectionString)
        {
            using var dialect = new PostgreSqlDialect(connectionString);
            using var connection = (NpgsqlConnection)dialect.Open();
            var used = new NpgsqlConnectionStringBuilder(connection.ConnectionString);
            return (used.KeepAlive, used.TcpKeepAlive, used.TcpKeepAliveTime);
        }

        private static (string Idle, string Wait, string Application) SettingsInAdminTransaction(PostgreSqlStore store) =>
            store.Database.InTransaction((connection, transaction) =>
            {
                string Read(string name)
                {
                    using var command = StoreDatabase.Command(connection, transaction, $"SELECT current_setting('{name}')");
                    return (string)command.ExecuteScalar()!;
                }
                return (Read("idle_in_transaction_session_timeout"), Read("lock_timeout"), Read("application_name"));
            }, bumpVersion: false);

        private long CountSettings(string name)
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Pooling = false }.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand("SELECT COUNT(*) FROM setting WHERE name = @name", connection);
            command.Parameters.AddWithValue("name", name);
            return (long)command.ExecuteScalar()!;
        }
    }
}
