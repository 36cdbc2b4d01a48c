// .NET 8+ only: the Linux key file (AES-GCM) and Unix file modes.
#if NET
using System;
using System.IO;
using System.Text;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Security;
using RasMfa.Engine.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>
    /// A key file that is not the one the database was sealed with (issue 11 item 9): refused before anything is sealed
    /// with it, with what is wrong and how to restore; a process holding an old key never seals with it once a new one exists.
    /// (A deleted key file with sealed secrets: StoreProtectionTests.A_deleted_key_file_with_sealed_secrets_is_refused_...)
    /// </summary>
    public sealed class StoreKeyTests : IDisposable
    {
        private readonly string _parent = Path.Combine(Path.GetTempPath(), "rasmfa-key-" + Guid.NewGuid().ToString("N"));

        private string Folder => Path.Combine(_parent, "store");
        private string DatabasePath => Path.Combine(Folder, "rasmfa.db");
        private string KeyPath => Path.Combine(Folder, SecretProtectors.KeyFileName);

        private static RadiusClientDefinition Client(string name, string address) =>
            new RadiusClientDefinition(name, IpNetwork.Parse(address), Encoding.UTF8.GetBytes("a-shared-secret-for-tests"));

        private void ReplaceKeyFile()
        {
            var other = new byte[SecretProtectors.KeyMaterialLength];
            System.Security.Cryptography.RandomNumberGenerator.Fill(other);
            File.WriteAllBytes(KeyPath, other);
        }

        private void Execute(string sql)
        {
            using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private long Count(string sql)
        {
            using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (long)command.ExecuteScalar()!;
        }

        [Fact]
        public void A_replaced_key_file_is_refused_with_how_to_restore_it_and_the_original_opens_the_store_again()
        {
            if (OperatingSystem.IsWindows()) return;
            using (var store = new SqliteStore(DatabasePath)) store.Clients.Add(Client("a", "10.0.0.1"));
            var original = File.ReadAllBytes(KeyPath);
            ReplaceKeyFile();
            var replaced = File.ReadAllBytes(KeyPath);

            var error = Assert.Throws<StoreException>(() => new SqliteStore(DatabasePath));

            Assert.Equal(StoreErrorKind.Unreadable, error.Kind);
            Assert.Equal("StoreKeyMismatch", error.ErrorId);
            Assert.Contains($"{KeyPath} is not the key the database {DatabasePath} was sealed with", error.Message);
            Assert.Contains("Put back the rasmfa.key taken together with this database", error.Message);
            Assert.Equal(replaced, File.ReadAllBytes(KeyPath)); // left as found: the admin decides
            File.WriteAllBytes(KeyPath, original);
            using var restored = new SqliteStore(DatabasePath);
            Assert.Equal("a-shared-secret-for-tests", Encoding.UTF8.GetString(restored.Clients.Get("a")!.SharedSecret!));
        }

        [Fact]
        public void An_open_interrupted_after_making_a_new_key_does_not_lock_the_admin_out_of_a_store_with_nothing_sealed()
        {
            if (OperatingSystem.IsWindows()) return;
            using (var store = new SqliteStore(DatabasePath)) store.Users.Add(new RasMfa.Engine.Users.MfaUser("alice")); // nothing sealed
            SqliteConnection.ClearAllPools();
            File.Delete(KeyPath); // lost: nothing depends on it, so a new one may be made

            // The open that makes the new key fails before its key check value is committed (stands in for a crash there).
            Execute("CREATE TRIGGER interrupted BEFORE INSERT ON store_key_check BEGIN SELECT RAISE(ABORT, 'interrupted'); END;");
            Assert.ThrowsAny<Exception>(() => new SqliteStore(DatabasePath).Dispose());
            SqliteConnection.ClearAllPools();
            Assert.True(File.Exists(KeyPath), "the interrupted open left its new key file");
            Execute("DROP TRIGGER interrupted;");

            using (var reopened = new SqliteStore(DatabasePath))
            {
                Assert.NotNull(reopened.Users.Get("alice"));
                reopened.Clients.Add(Client("a", "10.0.0.1")); // and the key on disk seals and opens
            }
            using var again = new SqliteStore(DatabasePath);
            Assert.Equal("a-shared-secret-for-tests", Encoding.UTF8.GetString(again.Clients.Get("a")!.SharedSecret!));
        }

        [Fact]
        public void A_replaced_key_file_with_nothing_sealed_is_taken_but_one_with_a_secret_sealed_is_refused()
        {
            if (OperatingSystem.IsWindows()) return;
            using (var store = new SqliteStore(DatabasePath)) store.Users.Add(new RasMfa.Engine.Users.MfaUser("alice"));
            ReplaceKeyFile();
            // Only the check value depends on the key: it is made again with the key on disk.
            using (var store = new SqliteStore(DatabasePath)) store.Clients.Add(Client("a", "10.0.0.1"));
            SqliteConnection.ClearAllPools();
            ReplaceKeyFile();

            Assert.Equal("StoreKeyMismatch", Assert.Throws<StoreException>(() => new SqliteStore(DatabasePath)).ErrorId);
        }

        [Fact]
        public void A_store_from_before_the_check_value_is_judged_by_its_secrets_and_then_gets_one()
        {
            if (OperatingSystem.IsWindows()) return;
            using (var store = new SqliteStore(DatabasePath)) store.Clients.Add(Client("a", "10.0.0.1"));
            SqliteConnection.ClearAllPools();
            Execute("DELETE FROM store_key_check");
            var original = File.ReadAllBytes(KeyPath);
            ReplaceKeyFile();

            var error = Assert.Throws<StoreException>(() => new SqliteStore(DatabasePath));
            Assert.Equal("StoreKeyMismatch", error.ErrorId);
            Assert.Contains("it unseals none of the 1 secret(s) tried", error.Message);
            Assert.Equal(0, Count("SELECT COUNT(*) FROM store_key_check"));

            File.WriteAllBytes(KeyPath, original);
            using (var reopened = new SqliteStore(DatabasePath)) Assert.NotNull(reopened.Clients.Get("a"));
            Assert.Equal(1, Count("SELECT COUNT(*) FROM store_key_check"));
        }

        [Fact]
        public void A_process_still_holding_an_old_key_refuses_to_seal_once_another_made_a_new_one()
        {
            if (OperatingSystem.IsWindows()) return;
            using var longRunning = new SqliteStore(DatabasePath); // a listener, opened while nothing was sealed
            File.Delete(KeyPath);
            using (var another = new SqliteStore(DatabasePath)) Assert.True(File.Exists(KeyPath)); // nothing sealed: a new key is allowed

            var error = Assert.Throws<StoreException>(() => longRunning.Clients.Add(Client("a", "10.0.0.1")));

            Assert.Equal("StoreKeyMismatch", error.ErrorId);
            Assert.Contains("another process gave the store a new key", error.Message);
            Assert.Equal(0, Count("SELECT COUNT(*) FROM radius_client"));
            using var current = new SqliteStore(DatabasePath);
            current.Clients.Add(Client("b", "10.0.0.2")); // the key on disk seals and opens
            Assert.NotNull(current.Clients.Get("b"));
        }

        [Fact]
        public void One_damaged_client_secret_is_listed_as_unreadable_and_the_others_read()
        {
            if (OperatingSystem.IsWindows()) return;
            using (var store = new SqliteStore(DatabasePath))
            {
                store.Clients.Add(Client("good", "10.0.0.1"));
                store.Clients.Add(Client("broken", "10.0.0.2"));
            }
            SqliteConnection.ClearAllPools();
            StoreDamage.FlipLastOctet(DatabasePath, "radius_client", "secret", "broken");

            using var reopened = new SqliteStore(DatabasePath);
            var clients = reopened.Clients.List();

            Assert.Equal(2, clients.Count);
            Assert.Null(Assert.Single(clients, c => c.Name == "good").Unreadable);
            var broken = Assert.Single(clients, c => c.Name == "broken");
            Assert.Contains("The secret of client 'broken' cannot be decrypted", broken.Unreadable);
            Assert.Null(broken.SharedSecret); // no placeholder that could sign or hide anything
            var change = Assert.Throws<RasMfa.Engine.Administration.EngineException>(() =>
                new ClientService(reopened.Clients).Change("broken", new ClientChanges { RequireUserMatch = false }, new RasMfa.Engine.Tests.Administration.RecordingReview()));
            Assert.Equal("RadiusClientSecretUnreadable", change.ErrorId);
        }

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_parent, true); } catch (IOException) { }
        }
    }
}
#endif
