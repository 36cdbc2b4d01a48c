using System.Collections.Generic;
using Npgsql;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.PostgreSql;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.PostgreSql
{
    /// <summary>
    /// Issue 16: a store whose users were just imported has no planner statistics until autovacuum's ANALYZE (a minute or
    /// more away); the login read was then planned as a hash join over a scan of every token, 1.6 ms of the database's CPU
    /// per login at 20,000 tokens. The first login read of a server gathers them (as autovacuum would): the read goes through
    /// the indexes; and again at its next check (every 30 s) after users were imported while it runs.
    /// </summary>
    public sealed class LoginReadPlanTests
    {
        private const int Users = 20000;

        [Fact]
        public void After_an_import_autovacuum_has_not_seen_the_first_login_read_is_planned_through_the_indexes()
        {
            using var test = TestStore.Open(StoreKind.PostgreSql);
            // Autovacuum kept away, as when it has not come round yet: only the server's own ANALYZE can give the statistics.
            test.Execute("ALTER TABLE mfa_user SET (autovacuum_enabled = false)");
            test.Execute("ALTER TABLE otp_token SET (autovacuum_enabled = false)");
            Import(test);

            // A login whose name nobody holds: the server's first login read, its secret never opened.
            Assert.Null(test.Store.Logins.Find("nobody-here").Subject);

            var plan = Plan(test.ConnectionString, SqlLoginReader.ByKeys(test.Store.Database.Dialect), "USER17");
            Assert.DoesNotContain("Seq Scan on otp_token", plan);
            Assert.Contains("otp_token_user", plan);
        }

        [Fact]
        public void Users_imported_after_the_servers_first_login_read_are_planned_for_at_its_next_check()
        {
            using var test = TestStore.Open(StoreKind.PostgreSql);
            test.Execute("ALTER TABLE mfa_user SET (autovacuum_enabled = false)");
            test.Execute("ALTER TABLE otp_token SET (autovacuum_enabled = false)");
            test.Execute("ANALYZE mfa_user");
            test.Execute("ANALYZE otp_token");
            // A server that checks at every read (by default, every 30 s): its first read finds the statistics current.
            using var reader = new SqlLoginReader(test.Store.Database, System.TimeSpan.Zero);
            Assert.Null(reader.Find("nobody-here").Subject);

            Import(test);
            Assert.Null(reader.Find("nobody-here").Subject);

            var plan = Plan(test.ConnectionString, SqlLoginReader.ByKeys(test.Store.Database.Dialect), "USER17");
            Assert.DoesNotContain("Seq Scan on otp_token", plan);
        }

        [Fact]
        public void Logins_using_their_codes_do_not_make_the_server_analyze_again()
        {
            using var test = TestStore.Open(StoreKind.PostgreSql);
            Import(test);
            test.Execute("ANALYZE mfa_user");
            test.Execute("ANALYZE otp_token");
            // Every token's used step written, as a pass of logins does: the table changed, its size and estimates did not.
            test.Execute("UPDATE otp_token SET last_used_step = 1000");
            using var connection = new NpgsqlConnection(test.ConnectionString);
            connection.Open();
            var before = Analyses(connection);

            using var reader = new SqlLoginReader(test.Store.Database, System.TimeSpan.Zero);
            Assert.Null(reader.Find("nobody-here").Subject);
            Assert.Null(reader.Find("nobody-here").Subject);

            Assert.Equal(before, Analyses(connection));
        }

        // Users and their tokens written in bulk, as an import does, with nothing gathered about them.
        private static void Import(TestStore test)
        {
            test.Execute("INSERT INTO mfa_user (user_name, bare_name, enabled, created_utc, modified_utc, name_key, bare_key) " +
                "SELECT 'user' || i, 'user' || i, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'USER' || i, 'USER' || i FROM generate_series(1, " + Users + ") i");
            test.Execute("INSERT INTO otp_token (serial, user_id, type, secret, algorithm, digits, period, created_utc) " +
                "SELECT 'T' || u.id, u.id, 'Totp', '\\x00'::bytea, 'Sha1', 6, 30, '2026-01-01T00:00:00Z' FROM mfa_user u");
        }

        private static string Plan(string connectionString, string sql, string bare)
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using var command = new NpgsqlCommand("EXPLAIN " + sql, connection);
            command.Parameters.AddWithValue("bare", bare);
            var lines = new List<string>();
            using var reader = command.ExecuteReader();
            while (reader.Read()) lines.Add(reader.GetString(0));
            return string.Join("\n", lines);
        }

        // ANALYZE runs of the two tables so far (the server's counts them at once, in its shared statistics).
        private static long Analyses(NpgsqlConnection connection)
        {
            using var command = new NpgsqlCommand("SELECT COALESCE(SUM(analyze_count), 0)::bigint FROM pg_stat_user_tables WHERE relname IN ('mfa_user', 'otp_token')", connection);
            return (long)command.ExecuteScalar()!;
        }
    }
}
