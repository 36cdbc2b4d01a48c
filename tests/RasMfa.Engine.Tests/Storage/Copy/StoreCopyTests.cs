using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Copy;
using RasMfa.Engine.Storage.Sqlite;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.Copy
{
    /// <summary>
    /// A store copied into another (issue 12, Copy-RasMfaStore): every row and id kept, secrets resealed with the
    /// destination's key, the source never written, the destination written whole or not at all.
    /// </summary>
    public sealed class StoreCopyTests : IDisposable
    {
        private readonly StoreCopyWorld _world = new StoreCopyWorld();

        public void Dispose() => _world.Dispose();

        [Fact]
        public void A_store_copied_there_and_back_keeps_every_row_and_its_secrets_open_with_each_stores_own_key()
        {
            _world.Populate("source");
            var before = _world.Fingerprint("source");

            var there = _world.Copy("source", "middle");
            var back = _world.Copy("middle", "back");

            Assert.Equal(before, _world.Fingerprint("source"));
            Assert.Equal(_world.Rows("source"), _world.Rows("middle"));
            Assert.Equal(_world.Rows("source"), _world.Rows("back"));
            // Resealed, not carried: each store's secrets are sealed with its own key file.
            Assert.NotEqual(File.ReadAllBytes(_world.KeyFileOf("source")), File.ReadAllBytes(_world.KeyFileOf("middle")));
            Assert.NotEqual(_world.Rows("source", withSealedOctets: true), _world.Rows("middle", withSealedOctets: true));
            Assert.Equal(9, there.SecretsResealed); // 2 clients, 4 tokens, 1 upstream server, 1 directory, 1 Entra tenant
            Assert.Empty(there.UnreadableCopiedAsIs);
            Assert.False(there.DestinationCleared);
            Assert.Equal(StoreCopyTables.Copied, there.Tables.Select(t => t.Table));
            Assert.Equal(3, there.Tables.Single(t => t.Table == "mfa_user").Rows);
            Assert.Equal(7, there.Tables.Single(t => t.Table == "authentication_log").Rows);
            Assert.Equal(there.Tables.Select(t => t.Rows), back.Tables.Select(t => t.Rows));

            using var copied = new SqliteStore(_world.PathOf("back"));
            Assert.Equal("ras-shared-secret", Encoding.UTF8.GetString(copied.Clients.Get("ras")!.SharedSecret!));
            Assert.Equal("vpn-shared-secret", Encoding.UTF8.GetString(copied.Clients.Get("vpn")!.SharedSecret!));
            Assert.Equal(20, copied.Clients.Get("ras")!.PushTimeoutSeconds);
            Assert.Null(copied.Clients.Get("vpn")!.PushTimeoutSeconds);
            Assert.Equal("upstream-secret", Encoding.UTF8.GetString(copied.UpstreamServers.Get("nps")!.SharedSecret!));
            Assert.Equal("bind-P4ssw0rd!", Encoding.UTF8.GetString(copied.Directories.Get("corp")!.BindPassword!));
            Assert.Equal(StoreCopyWorld.HotpSecret, copied.Tokens.GetBySerial("HOTP-ALICE")!.Secret);
            Assert.Equal(17, copied.Tokens.GetBySerial("HOTP-ALICE")!.Counter);
            Assert.Equal(StoreCopyWorld.TotpSecret, copied.Tokens.GetBySerial(StoreCopyWorld.UsedTotpSerial)!.Secret);
            Assert.All(copied.Clients.List(), c => Assert.Null(c.Unreadable));
            var alice = copied.Users.Get("alice")!;
            Assert.Equal(new[] { "HOTP-ALICE", StoreCopyWorld.UsedTotpSerial }, copied.Users.TokenSerialsOf(alice.Id));
            var bob = copied.Users.Get("bob")!;
            Assert.True(bob.IsLockedAt(DateTime.UtcNow));
            Assert.Equal(3, copied.Settings.Get().LockoutThreshold);
            Assert.Equal(7, copied.AuditLog.Query(new AuthenticationLogQuery()).Count);
        }

        [Fact]
        public void A_used_TOTP_step_is_still_refused_after_the_copy_and_new_rows_take_ids_after_the_copied_ones()
        {
            _world.Populate("source");
            _world.Copy("source", "copy");

            using var copied = new SqliteStore(_world.PathOf("copy"));
            var token = copied.Tokens.GetBySerial(StoreCopyWorld.UsedTotpSerial)!;
            Assert.Equal(StoreCopyWorld.UsedStep, token.LastUsedStep);
            Assert.Equal(2, token.DriftSteps);
            Assert.False(copied.Tokens.TryConsumeTotpStep(token.Id, StoreCopyWorld.UsedStep, 2)); // replay
            Assert.True(copied.Tokens.TryConsumeTotpStep(token.Id, StoreCopyWorld.UsedStep + 1, 2));

            long highestUser = _world.Scalar("source", "SELECT MAX(id) FROM mfa_user");
            copied.Users.Add(new MfaUser("dave"));
            Assert.True(copied.Users.Get("dave")!.Id > highestUser);
            copied.AuditLog.Add(new AuthenticationRecord { UserName = "dave", Result = "Accept", Reason = "Accepted", Method = "TOTP" });
            Assert.Equal(8, copied.AuditLog.Query(new AuthenticationLogQuery()).Count);
        }

        [Fact]
        public void Running_listeners_of_the_destination_see_a_new_change_version()
        {
            _world.Populate("source");
            using (new SqliteStore(_world.PathOf("copy"))) { }
            long before = _world.Scalar("copy", "SELECT version FROM change_version");

            _world.Copy("source", "copy");

            Assert.True(_world.Scalar("copy", "SELECT version FROM change_version") > before);
        }

        [Fact]
        public void A_failure_midway_leaves_the_destination_as_empty_as_it_was()
        {
            _world.Populate("source");
            using (new SqliteStore(_world.PathOf("copy"))) { }
            long version = _world.Scalar("copy", "SELECT version FROM change_version");
            long lastAudit = _world.Scalar("source", "SELECT MAX(id) FROM authentication_log");
            // A constraint the destination enforces and the source's rows break, met only in the last table but one.
            _world.Execute("copy", $"CREATE TRIGGER injected BEFORE INSERT ON authentication_log WHEN NEW.id = {lastAudit} BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");

            var error = Assert.Throws<StoreException>(() => _world.Copy("source", "copy"));

            Assert.Equal(StoreCopier.FailedErrorId, error.ErrorId);
            Assert.Contains("in the table authentication_log", error.Message);
            Assert.Contains("nothing was written to the destination", error.Message);
            Assert.Equal(0, _world.Scalar("copy", "SELECT (SELECT COUNT(*) FROM mfa_user) + (SELECT COUNT(*) FROM otp_token) + (SELECT COUNT(*) FROM radius_client) + (SELECT COUNT(*) FROM authentication_log) + (SELECT COUNT(*) FROM setting)"));
            Assert.Equal(version, _world.Scalar("copy", "SELECT version FROM change_version"));
        }

        [Fact]
        public void A_secret_the_sources_key_cannot_open_refuses_the_copy_and_names_its_record()
        {
            _world.Populate("source");
            _world.Execute("source", "UPDATE otp_token SET secret = randomblob(60) WHERE serial = 'TOTP-BOB'");
            var before = _world.Fingerprint("source");

            var error = Assert.Throws<StoreException>(() => _world.Copy("source", "copy"));

            Assert.Equal(StoreCopier.UnreadableErrorId, error.ErrorId);
            Assert.Contains("token 'TOTP-BOB'", error.Message);
            Assert.DoesNotContain("HOTP-ALICE", error.Message);
            Assert.Equal(0, _world.Scalar("copy", "SELECT COUNT(*) FROM mfa_user"));
            Assert.Equal(before, _world.Fingerprint("source"));
        }

        [Fact]
        public void Told_to_copy_unreadable_records_the_copy_carries_them_without_their_secrets_and_lists_them()
        {
            _world.Populate("source");
            _world.Execute("source", "UPDATE radius_client SET secret = randomblob(60) WHERE name = 'vpn'");

            var summary = _world.Copy("source", "copy", copyUnreadable: true);

            Assert.Equal(new[] { "RADIUS client 'vpn'" }, summary.UnreadableCopiedAsIs);
            Assert.Equal(8, summary.SecretsResealed);
            // Not the source's octets (they might open with the destination's key): a value no key opens.
            Assert.NotEqual(_world.Text("source", "SELECT hex(secret) FROM radius_client WHERE name = 'vpn'"), _world.Text("copy", "SELECT hex(secret) FROM radius_client WHERE name = 'vpn'"));
            using var copied = new SqliteStore(_world.PathOf("copy"));
            Assert.NotNull(copied.Clients.Get("vpn")!.Unreadable);
            Assert.Equal("ras-shared-secret", Encoding.UTF8.GetString(copied.Clients.Get("ras")!.SharedSecret!));
        }

        [Fact]
        public void A_destination_holding_data_is_refused_unless_told_to_clear_it_which_replaces_it_whole()
        {
            _world.Populate("source");
            using (var destination = new SqliteStore(_world.PathOf("copy"))) destination.Users.Add(new MfaUser("mallory"));

            var error = Assert.Throws<StoreException>(() => _world.Copy("source", "copy"));
            Assert.Equal(StoreCopier.NotEmptyErrorId, error.ErrorId);
            Assert.Contains("mfa_user: 1", error.Message);
            Assert.Equal(1, _world.Scalar("copy", "SELECT COUNT(*) FROM mfa_user WHERE user_name = 'mallory'"));

            var summary = _world.Copy("source", "copy", clear: true);

            Assert.True(summary.DestinationCleared);
            Assert.Equal(0, _world.Scalar("copy", "SELECT COUNT(*) FROM mfa_user WHERE user_name = 'mallory'"));
            Assert.Equal(_world.Rows("source"), _world.Rows("copy"));
        }

        [Fact]
        public void A_store_is_not_copied_onto_itself_and_is_left_as_it_was()
        {
            _world.Populate("source");
            var before = _world.Fingerprint("source");

            var error = Assert.Throws<StoreException>(() => _world.Copy("source", "source", clear: true));

            Assert.Equal(StoreCopier.SameStoreErrorId, error.ErrorId);
            SqliteConnection.ClearAllPools();
            Assert.Equal(before, _world.Fingerprint("source"));
        }

        [Fact]
        public void A_copy_of_a_stores_files_is_recognised_as_the_same_store()
        {
            _world.Populate("source");
            Directory.CreateDirectory(Path.GetDirectoryName(_world.PathOf("twin"))!);
            File.Copy(_world.PathOf("source"), _world.PathOf("twin"));
            File.Copy(_world.KeyFileOf("source"), _world.KeyFileOf("twin"));

            var error = Assert.Throws<StoreException>(() => _world.Copy("source", "twin", clear: true));

            Assert.Equal(StoreCopier.SameStoreErrorId, error.ErrorId);
        }

        [Fact]
        public void A_source_older_than_this_RasMfa_is_refused_and_left_at_its_version()
        {
            var path = _world.PathOf("old");
            var platform = StorePlatforms.ForThisMachine();
            StoreFolderGuard.Prepare(new StoreFiles(path, RasMfa.Engine.Security.SecretProtectors.KeyMaterialFileName(platform)), platform);
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                connection.Open();
                SchemaMigrations.Apply(connection, 4);
            }
            var before = StoreCopyWorld.Hash(path);

            var error = Assert.Throws<StoreException>(() => StoreCopy.OpenSource(StoreCopyEndpoint.Sqlite(path)));

            Assert.Equal(StoreDatabase.SchemaOutdatedErrorId, error.ErrorId);
            Assert.Contains("Open it once with this version of RasMfa", error.Message);
            Assert.Equal(4, _world.Scalar("old", "PRAGMA user_version"));
            Assert.Equal(before, StoreCopyWorld.Hash(path));
        }

        [Fact]
        public void A_missing_source_is_refused_and_not_created()
        {
            var error = Assert.Throws<StoreException>(() => StoreCopy.OpenSource(StoreCopyEndpoint.Sqlite(_world.PathOf("nothing"))));

            Assert.Equal("StoreNotFound", error.ErrorId);
            Assert.False(File.Exists(_world.PathOf("nothing")));
        }

        [Fact]
        public void Progress_is_reported_per_table_and_batch_up_to_every_row()
        {
            _world.Populate("source");
            var reports = new List<StoreCopyProgress>();
            using var copy = StoreCopy.OpenSource(StoreCopyEndpoint.Sqlite(_world.PathOf("source")));
            copy.OpenDestination(StoreCopyEndpoint.Sqlite(_world.PathOf("copy")));
            var counts = copy.CountSource();

            var summary = copy.Run(false, false, reports.Add);

            long total = counts.Sum(c => c.Rows);
            Assert.Equal(total, summary.Rows);
            Assert.All(reports, r => Assert.Equal(total, r.RowsTotal));
            Assert.Equal(total, reports.Last().RowsDone);
            Assert.Equal(100, reports.Last().Percent);
            Assert.Equal(reports.Select(r => r.RowsDone).OrderBy(n => n), reports.Select(r => r.RowsDone));
            foreach (var count in counts)
            {
                var ofTable = reports.Where(r => r.Table == count.Table).ToList();
                Assert.Equal(0, ofTable.First().TableRowsDone);
                Assert.Equal(count.Rows, ofTable.Last().TableRowsDone);
            }
        }

        [Fact]
        public void Open_challenges_and_request_decisions_are_not_copied_and_the_destinations_are_removed()
        {
            _world.Populate("source");
            const string Challenge = "INSERT INTO challenge (state, client_name, user_id, user_name, attempts, reply_attributes, expires_utc, opened_by) " +
                "VALUES (randomblob(16), 'ras', 1, 'alice', 0, X'', '2999-01-01T00:00:00.0000000Z', 'server-a')";
            const string Decision = "INSERT INTO request_decision (request_key, answer, claimed_by, claimed_utc, expires_utc) " +
                "VALUES (randomblob(32), 'Accept', 'server-a', '2026-11-29T00:00:00.0000000Z', '2999-01-01T00:00:00.0000000Z')";
            _world.Execute("source", Challenge);
            _world.Execute("source", Decision);
            using (new SqliteStore(_world.PathOf("copy"))) { }
            _world.Execute("copy", Challenge);
            _world.Execute("copy", Decision);

            var summary = _world.Copy("source", "copy");

            Assert.DoesNotContain(summary.Tables, t => t.Table == "challenge" || t.Table == "request_decision");
            Assert.Equal(0, _world.Scalar("copy", "SELECT (SELECT COUNT(*) FROM challenge) + (SELECT COUNT(*) FROM request_decision)"));
            Assert.Equal(2, _world.Scalar("source", "SELECT (SELECT COUNT(*) FROM challenge) + (SELECT COUNT(*) FROM request_decision)"));
        }

        [Fact]
        public void Every_table_of_the_schema_is_copied_or_named_as_not_copied()
        {
            _world.Populate("source");
            using var connection = new SqliteConnection($"Data Source={_world.PathOf("source")};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            var tables = new List<string>();
            using (var reader = command.ExecuteReader()) while (reader.Read()) tables.Add(reader.GetString(0));

            var placed = StoreCopyTables.Copied.Concat(StoreCopyTables.StoresOwn).Concat(StoreCopyTables.Transient).ToList();
            Assert.Empty(tables.Except(placed));
            Assert.Empty(placed.Except(tables));
            Assert.Equal(placed.Count, placed.Distinct().Count());
        }
    }
}
