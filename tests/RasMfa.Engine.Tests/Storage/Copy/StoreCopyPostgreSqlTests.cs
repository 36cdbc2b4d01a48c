using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Copy;
using RasMfa.Engine.Storage.Sqlite;
using RasMfa.Engine.Tests.Storage.PostgreSql;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.Copy
{
    /// <summary>
    /// A SQLite store copied into a PostgreSQL store and back (issue 12), on the run's PostgreSQL cluster: every row survives
    /// the trip, the secrets in PostgreSQL are sealed with its store key, its identities go on after the copied ids, and a
    /// failure leaves it empty.
    /// </summary>
    public sealed class StoreCopyPostgreSqlTests : IDisposable
    {
        private readonly StoreCopyWorld _world = new StoreCopyWorld();
        private readonly PostgreSqlTestDatabase _database = new PostgreSqlTestServer().CreateDatabase();
        private PostgreSqlStore? _postgreSql;

        public void Dispose()
        {
            _postgreSql?.Dispose();
            _database.Dispose();
            _world.Dispose();
        }

        // This "server"'s keys for PostgreSQL stores: the store made here keeps its key there, and reads it back.
        private string KeyFolder => Path.GetDirectoryName(_world.PathOf("keys"))!;

        private StoreDatabase PostgreSqlForWriting()
        {
            _postgreSql ??= new PostgreSqlStore(_database.ConnectionString, KeyFolder, StorePlatforms.ForThisMachine(), null);
            return _postgreSql.Database;
        }

        private ISecretProtector PostgreSqlKey => PostgreSqlForWriting().Protector;

        private StoreDatabase PostgreSqlForReading() => PostgreSqlStore.OpenForReading(_database.ConnectionString, KeyFolder, StorePlatforms.ForThisMachine());

        private StoreDatabase SqliteSource(string name) => SqliteDialect.OpenForReading(_world.PathOf(name), StorePlatforms.ForThisMachine());

        private long PostgreSqlScalar(string sql)
        {
            using var connection = new NpgsqlConnection(_database.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(command.ExecuteScalar());
        }

        private void PostgreSqlExecute(string sql)
        {
            using var connection = new NpgsqlConnection(_database.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }

        [Fact]
        public void A_SQLite_store_copied_to_PostgreSQL_and_back_keeps_every_row_and_its_secrets_open_only_with_each_stores_key()
        {
            _world.Populate("source");
            var before = _world.Fingerprint("source");

            var there = new StoreCopier(SqliteSource("source"), PostgreSqlForWriting()).Run(false, false, null);
            using (var back = new SqliteStore(_world.PathOf("back")))
            {
                var summary = new StoreCopier(PostgreSqlForReading(), back.Database).Run(false, false, null);
                Assert.Equal(there.Tables.Select(t => t.Rows), summary.Tables.Select(t => t.Rows));
                Assert.Equal(9, summary.SecretsResealed);
                var token = back.Tokens.GetBySerial(StoreCopyWorld.UsedTotpSerial)!;
                Assert.False(back.Tokens.TryConsumeTotpStep(token.Id, StoreCopyWorld.UsedStep, 2)); // replay
                Assert.Equal("ras-shared-secret", Encoding.UTF8.GetString(back.Clients.Get("ras")!.SharedSecret!));
                Assert.Equal("entra-client-secret", Encoding.UTF8.GetString(back.EntraTenants.Get("contoso")!.Secret!));
                Assert.Equal(20, back.Clients.Get("ras")!.PushTimeoutSeconds);
            }

            Assert.Equal(before, _world.Fingerprint("source"));
            Assert.Equal(_world.Rows("source"), _world.Rows("back"));
            Assert.Equal(9, there.SecretsResealed);
            Assert.Equal(3, PostgreSqlScalar("SELECT COUNT(*) FROM mfa_user"));
            Assert.Equal(7, PostgreSqlScalar("SELECT COUNT(*) FROM authentication_log"));
            Assert.Equal(17, PostgreSqlScalar("SELECT counter FROM otp_token WHERE serial = 'HOTP-ALICE'"));
            Assert.Equal(StoreCopyWorld.UsedStep, PostgreSqlScalar($"SELECT last_used_step FROM otp_token WHERE serial = '{StoreCopyWorld.UsedTotpSerial}'"));
            Assert.Equal(1, PostgreSqlScalar("SELECT CASE WHEN locked_until_utc IS NOT NULL AND failed_attempts = 3 THEN 1 ELSE 0 END FROM mfa_user WHERE user_name = 'bob'"));

            // In PostgreSQL, the client's secret opens with PostgreSQL's key and not with the SQLite store's.
            byte[] sealedInPostgreSql;
            using (var connection = new NpgsqlConnection(_database.ConnectionString))
            {
                connection.Open();
                using var command = new NpgsqlCommand("SELECT secret FROM radius_client WHERE name = 'ras'", connection);
                sealedInPostgreSql = (byte[])command.ExecuteScalar()!;
            }
            Assert.Equal("ras-shared-secret", Encoding.UTF8.GetString(PostgreSqlKey.Unprotect(sealedInPostgreSql)));
            Assert.ThrowsAny<CryptographicException>(() => SqliteSource("source").Protector.Unprotect(sealedInPostgreSql));
        }

        [Fact]
        public void PostgreSQLs_identities_go_on_after_the_copied_ids()
        {
            _world.Populate("source");
            new StoreCopier(SqliteSource("source"), PostgreSqlForWriting()).Run(false, false, null);

            long highest = _world.Scalar("source", "SELECT MAX(id) FROM authentication_log");
            long next = PostgreSqlScalar("INSERT INTO authentication_log (time_utc, client_name, client_address, user_name, result, reason, method, milliseconds) " +
                "VALUES ('2026-11-29T00:00:00.0000000Z', 'ras', '10.0.0.10', 'alice', 'Accept', 'Accepted', 'TOTP', 1) RETURNING id");
            Assert.Equal(highest + 1, next);
            long nextUser = PostgreSqlScalar("INSERT INTO mfa_user (user_name, bare_name, enabled, created_utc, modified_utc) VALUES ('dave', 'dave', 1, 'x', 'x') RETURNING id");
            Assert.True(nextUser > _world.Scalar("source", "SELECT MAX(id) FROM mfa_user"));
        }

        [Fact]
        public void A_failure_midway_leaves_PostgreSQL_empty()
        {
            _world.Populate("source");
            var destination = PostgreSqlForWriting();
            long lastAudit = _world.Scalar("source", "SELECT MAX(id) FROM authentication_log");
            PostgreSqlExecute("CREATE FUNCTION injected() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$; " +
                $"CREATE TRIGGER injected BEFORE INSERT ON authentication_log FOR EACH ROW WHEN (NEW.id = {lastAudit}) EXECUTE FUNCTION injected();");

            var error = Assert.Throws<StoreException>(() => new StoreCopier(SqliteSource("source"), destination).Run(false, false, null));

            Assert.Equal(StoreCopier.FailedErrorId, error.ErrorId);
            Assert.Contains("injected failure", error.Message);
            Assert.Equal(0, PostgreSqlScalar("SELECT (SELECT COUNT(*) FROM mfa_user) + (SELECT COUNT(*) FROM otp_token) + (SELECT COUNT(*) FROM radius_client) + (SELECT COUNT(*) FROM setting) + (SELECT COUNT(*) FROM authentication_log)"));
            Assert.Equal(0, PostgreSqlScalar("SELECT version FROM change_version"));
        }

        [Fact]
        public void A_PostgreSQL_source_is_read_in_transactions_the_server_keeps_read_only()
        {
            _world.Populate("source");
            new StoreCopier(SqliteSource("source"), PostgreSqlForWriting()).Run(false, false, null);
            var source = PostgreSqlForReading();

            using var connection = source.Open();
            using var command = StoreDatabase.Command(connection, null, "DELETE FROM mfa_user");
            var refused = Assert.Throws<PostgresException>(() => command.ExecuteNonQuery());

            Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, refused.SqlState);
            Assert.Equal(3, PostgreSqlScalar("SELECT COUNT(*) FROM mfa_user"));
        }
    }
}
