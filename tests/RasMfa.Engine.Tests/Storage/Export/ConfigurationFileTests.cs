using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Export;
using RasMfa.Engine.Tests.Storage.Copy;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.Export
{
    /// <summary>
    /// A store exported into a configuration file and imported into another (issue 13, Export-/Import-RasMfaConfiguration):
    /// every row and id kept (used steps, counters, lock state), secrets sealed with the new store's key, none in clear in the file.
    /// </summary>
    public sealed class ConfigurationFileTests : IDisposable
    {
        private readonly ConfigurationFileWorld _world = new ConfigurationFileWorld();

        public void Dispose() => _world.Dispose();

        [Fact]
        public void A_store_exported_and_imported_into_an_empty_one_keeps_every_row_and_its_secrets_open_with_the_new_stores_key()
        {
            _world.Stores.Populate("source");

            var exported = _world.Export("source", "backup");
            var imported = _world.Import("backup", "restored");

            Assert.Equal(_world.Stores.Rows("source"), _world.Stores.Rows("restored"));
            Assert.Equal(exported.Rows, imported.Rows);
            Assert.NotEqual(File.ReadAllBytes(_world.Stores.KeyFileOf("source")), File.ReadAllBytes(_world.Stores.KeyFileOf("restored")));
            using var restored = new SqliteStore(_world.Stores.PathOf("restored"));
            Assert.Equal(StoreCopyWorld.TotpSecret, restored.Tokens.GetBySerial(StoreCopyWorld.UsedTotpSerial)!.Secret);
            Assert.Equal(Encoding.UTF8.GetBytes("ras-shared-secret"), restored.Clients.Get("ras")!.SharedSecret);
            Assert.Equal(20, restored.Clients.Get("ras")!.PushTimeoutSeconds);
            Assert.Equal(Encoding.UTF8.GetBytes("bind-P4ssw0rd!"), restored.Directories.Get("corp")!.BindPassword);
            Assert.Equal(Encoding.UTF8.GetBytes("upstream-secret"), restored.UpstreamServers.Get("nps")!.SharedSecret);
            Assert.Equal(Encoding.UTF8.GetBytes("entra-client-secret"), restored.EntraTenants.Get("contoso")!.Secret);
        }

        [Fact]
        public void Without_the_audit_log_everything_else_travels_and_the_new_store_has_no_records()
        {
            _world.Stores.Populate("source");

            var exported = _world.Export("source", "backup", includeAuditLog: false);
            _world.Import("backup", "restored");

            Assert.DoesNotContain(exported.Tables, t => t.Table == "authentication_log");
            Assert.Equal(_world.Stores.Rows("source").Where(r => !r.StartsWith("authentication_log|")), _world.Stores.Rows("restored"));
            Assert.Equal(0, _world.Stores.Scalar("restored", "SELECT COUNT(*) FROM authentication_log"));
        }

        [Fact]
        public void A_file_of_many_segments_round_trips()
        {
            _world.Stores.Populate("source");

            _world.Export("source", "backup", segmentOctets: 1024);
            Assert.True(File.ReadAllLines(_world.FileOf("backup")).Length > 3);
            _world.Import("backup", "restored");

            Assert.Equal(_world.Stores.Rows("source"), _world.Stores.Rows("restored"));
        }

        [Fact]
        public void The_file_holds_no_secret_in_clear_nor_any_name()
        {
            _world.Stores.Populate("source");
            _world.Export("source", "backup");
            var file = File.ReadAllBytes(_world.FileOf("backup"));
            var text = Encoding.ASCII.GetString(file);

            foreach (var secret in new[] { StoreCopyWorld.TotpSecret, StoreCopyWorld.HotpSecret, Encoding.UTF8.GetBytes("ras-shared-secret"), Encoding.UTF8.GetBytes("bind-P4ssw0rd!"), Encoding.UTF8.GetBytes("entra-client-secret") })
            {
                Assert.False(Contains(file, secret));
                Assert.DoesNotContain(Convert.ToBase64String(secret), text);
            }
            Assert.DoesNotContain("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", text); // the TOTP secret as Base32, as an admin enrols it
            Assert.DoesNotContain("alice", text);
            Assert.DoesNotContain("ras-shared", text);
        }

        [Fact]
        public void A_store_that_holds_data_is_refused_and_kept_unless_replaced()
        {
            _world.Stores.Populate("source");
            _world.Stores.Populate("busy");
            _world.Stores.Execute("busy", "UPDATE mfa_user SET display_name = 'kept' WHERE user_name = 'bob'");
            _world.Export("source", "backup");
            var before = _world.Stores.Rows("busy");

            var refused = Assert.Throws<EngineException>(() => _world.Import("backup", "busy"));
            Assert.Equal(ConfigurationFileErrors.StoreNotEmptyId, refused.ErrorId);
            Assert.Equal(before, _world.Stores.Rows("busy"));

            _world.Import("backup", "busy", replace: true);
            Assert.Equal(_world.Stores.Rows("source"), _world.Stores.Rows("busy"));
        }

        [Fact]
        public void An_existing_file_is_kept_unless_replaced()
        {
            _world.Stores.Populate("source");
            File.WriteAllText(_world.FileOf("backup"), "someone's file");

            var refused = Assert.Throws<EngineException>(() => _world.Export("source", "backup"));
            Assert.Equal(ConfigurationFileErrors.FileExistsId, refused.ErrorId);
            Assert.Equal("someone's file", File.ReadAllText(_world.FileOf("backup")));

            _world.Export("source", "backup", replace: true);
            _world.Import("backup", "restored");
            Assert.Equal(_world.Stores.Rows("source"), _world.Stores.Rows("restored"));
        }

        [Fact]
        public void A_short_passphrase_is_refused_and_no_file_is_written()
        {
            _world.Stores.Populate("source");

            var refused = Assert.Throws<EngineException>(() => _world.Export("source", "backup", passphrase: "short words"));

            Assert.Equal(ConfigurationFileErrors.PassphraseTooShortId, refused.ErrorId);
            Assert.False(File.Exists(_world.FileOf("backup")));
        }

        [Fact]
        public void A_secret_the_stores_key_cannot_open_is_named_and_nothing_is_written()
        {
            _world.Stores.Populate("source");
            _world.Stores.Execute("source", "UPDATE otp_token SET secret = X'0102030405060708' WHERE serial = 'SPARE'");

            var refused = Assert.Throws<EngineException>(() => _world.Export("source", "backup"));

            Assert.Equal(ConfigurationFileErrors.SecretsUnreadableId, refused.ErrorId);
            Assert.Contains("token 'SPARE'", refused.Message);
            Assert.False(File.Exists(_world.FileOf("backup")));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_world.FileOf("backup"))!));
        }

        private static bool Contains(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
                if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return true;
            return false;
        }
    }
}
