using System;
using System.IO;
using Npgsql;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.PostgreSql;
using RasMfa.Engine.Tests.Administration;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.PostgreSql
{
    /// <summary>
    /// Review R2 (store secrets): a server keeps a shared store's key in a file named by the store's id alone, and a copy of
    /// the database (a restored backup, pg_dump into a test database, CREATE DATABASE ... TEMPLATE) keeps that id. An admin
    /// who rotates the copy's key from a server that also serves the original replaces the original's key on that server.
    /// </summary>
    public sealed class SharedStoreCloneTests : IDisposable
    {
        private readonly SharedStoreKeyWorld _world = new SharedStoreKeyWorld();
        private readonly PostgreSqlTestServer _server = new PostgreSqlTestServer();
        private readonly string _clone = "rasmfa_t_clone_" + Guid.NewGuid().ToString("N").Substring(0, 12);

        public void Dispose()
        {
            NpgsqlConnection.ClearAllPools();
            _server.ExecuteAsSuperuser($"DROP DATABASE IF EXISTS {_clone} WITH (FORCE)");
            _world.Dispose();
        }

        [Fact]
        public void Rotating_the_key_of_a_restored_copy_of_the_shared_store_leaves_the_server_able_to_open_the_store_it_serves()
        {
            _world.AddEscrow("a");
            var original = new NpgsqlConnectionStringBuilder(_world.ConnectionString);
            NpgsqlConnection.ClearAllPools(); // CREATE DATABASE ... TEMPLATE needs the original without connections
            _server.ExecuteAsSuperuser($"CREATE DATABASE {_clone} TEMPLATE {original.Database}");
            var clone = new NpgsqlConnectionStringBuilder(_world.ConnectionString) { Database = _clone }.ConnectionString;

            // The admin tries a rotation on the test copy, from server "a" (refusing it would do too).
            Record.Exception(() =>
            {
                using var keyless = StoreKeyService.OpenKeyless(clone, _world.KeyFolder("a"), applySchema: true);
                StoreKeyRotation.Rotate(keyless, "a passphrase for the test copy", new RecordingReview(), "HOST-A", DateTime.UtcNow);
            });

            // Fails with StoreKeyMismatch: server "a" no longer opens the store it serves, until it joins again.
            using var served = _world.Open("a");
            Assert.Equal(SharedStoreKeyWorld.ClientSecret, System.Text.Encoding.UTF8.GetString(served.Clients.Get("ras")!.SharedSecret!));
        }

        [Fact]
        public void Joining_a_restored_copy_of_the_shared_store_whose_key_was_rotated_leaves_the_server_able_to_open_the_store_it_serves()
        {
            _world.AddEscrow("a");
            var clone = Clone();
            // On a test server "t", the admin joins the copy with the store's passphrase and gives it a key of its own.
            using (var keyless = StoreKeyService.OpenKeyless(clone, _world.KeyFolder("t"), applySchema: true))
                StoreJoining.Join(keyless, SharedStoreKeyWorld.Passphrase, new RecordingReview());
            using (var keyless = StoreKeyService.OpenKeyless(clone, _world.KeyFolder("t"), applySchema: true))
                StoreKeyRotation.Rotate(keyless, "a passphrase for the test copy", new RecordingReview(), "HOST-T", DateTime.UtcNow);

            // Then joins the copy from server "a", which serves the original: the copy's key is kept, and so is the original's.
            using (var keyless = StoreKeyService.OpenKeyless(clone, _world.KeyFolder("a"), applySchema: true))
                Assert.False(StoreJoining.Join(keyless, "a passphrase for the test copy", new RecordingReview())!.AlreadyJoined);

            using var served = _world.Open("a");
            Assert.Equal(SharedStoreKeyWorld.ClientSecret, System.Text.Encoding.UTF8.GetString(served.Clients.Get("ras")!.SharedSecret!));
            using var copy = new PostgreSqlStore(clone, _world.KeyFolder("a"), StorePlatforms.ForThisMachine(), null);
            Assert.Equal(SharedStoreKeyWorld.ClientSecret, System.Text.Encoding.UTF8.GetString(copy.Clients.Get("ras")!.SharedSecret!));
        }

        // A copy of the world's database with the same store id, as a restored backup or CREATE DATABASE ... TEMPLATE makes it.
        private string Clone()
        {
            var original = new NpgsqlConnectionStringBuilder(_world.ConnectionString);
            NpgsqlConnection.ClearAllPools(); // CREATE DATABASE ... TEMPLATE needs the original without connections
            _server.ExecuteAsSuperuser($"CREATE DATABASE {_clone} TEMPLATE {original.Database}");
            return new NpgsqlConnectionStringBuilder(_world.ConnectionString) { Database = _clone }.ConnectionString;
        }
    }
}
