using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R10 (issue 16, the SQLite writer's batched audit insert, bound through SQLite's own API): a User-Name is any
    /// octets the client sends, a NUL among them. Binding a string as a C string would cut it at the first NUL, and the
    /// audit log would show another name than the one that logged in (an attacker's failures written as someone else's).
    /// Held with SQLitePCLRaw 3.0.5 (the value is bound with its length); kept as a guard, since the C string overload is a
    /// one-word change away.
    /// </summary>
    public sealed class ReviewR10AuditBatchTests : IDisposable
    {
        private readonly TestStore _test = TestStore.Open(StoreKind.Sqlite);

        private static AuthenticationRecord Record(string user, string reason) =>
            new AuthenticationRecord { ClientName = "ras", ClientAddress = "10.0.0.1", UserName = user, Result = "Reject", Reason = reason, Method = "TOTP/PAP" };

        [Fact]
        public async Task A_login_audited_through_the_batch_keeps_a_user_name_with_a_NUL_whole()
        {
            const string sent = "alice\0-attacker";
            var settled = await _test.Store.Logins.SettleAsync(LoginWrite.AuditOnly, _ => Record(sent, "unknown user"));
            Assert.Null(settled.AuditError);
            Assert.Equal(sent, Assert.Single(_test.Store.AuditLog.Query(new AuthenticationLogQuery())).UserName);
        }

        [Fact]
        public async Task A_reason_with_a_NUL_is_kept_whole_through_the_batch()
        {
            const string reason = "first factor said: denied\0 (rest of the message)";
            await _test.Store.Logins.SettleAsync(LoginWrite.AuditOnly, _ => Record("bob", reason));
            Assert.Equal(reason, Assert.Single(_test.Store.AuditLog.Query(new AuthenticationLogQuery())).Reason);
        }

        /// <summary>
        /// The writer prepares its four statements on a connection from the pool. When the fourth cannot be prepared (the
        /// audit insert's ON CONFLICT names a unique index no longer there: a store altered by hand), the three made before
        /// it are never finalized: the connection goes back to the pool with them, three more each failing batch, i.e. each
        /// login, until the garbage collector happens to finalize them (on its own thread, under a connection in use).
        /// </summary>
        [Fact]
        public async Task A_writer_whose_statements_cannot_all_be_prepared_leaves_none_prepared_on_the_pooled_connection()
        {
            var database = _test.Store.Database;
            using (var damage = new SqliteConnection($"Data Source={database.Dialect.Location};Pooling=False"))
            {
                damage.Open();
                using var drop = damage.CreateCommand();
                drop.CommandText = "DROP INDEX authentication_log_record_id";
                drop.ExecuteNonQuery();
            }
            // The first batch prepares all four against the connection's schema from before the damage (it fails at the
            // insert, and disposes them); each batch after it fails at the fourth prepare.
            for (int login = 0; login < 3; login++)
                await Assert.ThrowsAnyAsync<Exception>(() => _test.Store.Logins.SettleAsync(LoginWrite.AuditOnly, _ => Record("carol", "unknown user")));

            // The writer stopped (it has then put its connection back), and several pooled connections opened at once: its former one is among them.
            ((IDisposable)_test.Store.Logins).Dispose();
            var pooled = Enumerable.Range(0, 8).Select(_ => (SqliteConnection)database.Dialect.Open()).ToList();
            try
            {
                Assert.Equal(0, pooled.Sum(PreparedStatements)); // fails: the memory of the three statements prepared before the failing one, per failed login
            }
            finally
            {
                foreach (var connection in pooled) connection.Dispose();
            }
        }

        // Memory held by the connection's prepared statements (SQLITE_DBSTATUS_STMT_USED): 0 when none is left prepared.
        [Fact]
        public async Task Control_a_healthy_writer_leaves_no_statement_on_the_pooled_connections()
        {
            for (int login = 0; login < 3; login++) await _test.Store.Logins.SettleAsync(LoginWrite.AuditOnly, _ => Record("dave", "unknown user"));
            ((IDisposable)_test.Store.Logins).Dispose();
            var pooled = Enumerable.Range(0, 8).Select(_ => (SqliteConnection)_test.Store.Database.Dialect.Open()).ToList();
            try
            {
                Assert.Equal(0, pooled.Sum(PreparedStatements));
            }
            finally
            {
                foreach (var connection in pooled) connection.Dispose();
            }
        }

        private static int PreparedStatements(SqliteConnection connection)
        {
            const int StatementMemory = 3;
            int rc = raw.sqlite3_db_status(connection.Handle, StatementMemory, out int current, out _, 0);
            Assert.Equal(raw.SQLITE_OK, rc);
            return current;
        }

        public void Dispose() => _test.Dispose();
    }
}
