using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Copy;
using RasMfa.Engine.Storage.PostgreSql;
using RasMfa.Engine.Storage.Sqlite;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Storage.PostgreSql;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.Copy
{
    /// <summary>
    /// Review R2 (store secrets): Copy-RasMfaStore into a shared PostgreSQL store while another admin rotates that store's key.
    /// A rotation commits under the administrative lock that sealing writes take; the copy seals every secret it writes,
    /// so it must take that lock too, or it commits secrets sealed with the key the rotation just retired.
    /// </summary>
    public sealed class StoreCopyDuringRotationTests : IDisposable
    {
        private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
        private readonly StoreCopyWorld _world = new StoreCopyWorld();
        private readonly PostgreSqlTestDatabase _database = new PostgreSqlTestServer().CreateDatabase();

        public void Dispose()
        {
            _database.Dispose();
            _world.Dispose();
        }

        private string KeyFolder => Path.GetDirectoryName(_world.PathOf("keys"))!;

        [Fact]
        public void A_copy_into_the_shared_store_while_its_key_is_rotated_leaves_every_copied_secret_readable_with_the_new_key()
        {
            _world.Populate("source");
            Task? rotation = null;
            using (var destination = new PostgreSqlStore(_database.ConnectionString, KeyFolder, StorePlatforms.ForThisMachine(), null))
            {
                var copier = new StoreCopier(SqliteDialect.OpenForReading(_world.PathOf("source"), StorePlatforms.ForThisMachine()), destination.Database);
                copier.Run(clearDestination: false, copyUnreadable: false, progress =>
                {
                    // Every sealed column is written by now (directories, upstream servers, clients, tokens come first).
                    if (progress.Table != "authentication_log" || rotation != null) return;
                    rotation = Task.Run(Rotate);
                    // The rotation either runs to its end or waits for a lock the copy holds (then it runs after the copy's commit).
                    Assert.True(AdvisoryLockWaiters.WaitUntil(() => rotation.IsCompleted || AdvisoryLockWaiters.Count(_database.ConnectionString) > 0, Limit));
                });
            }
            Assert.NotNull(rotation);
            Assert.True(rotation!.Wait(Limit));

            // The servers holding the new key (this one) read what the copy wrote.
            using var store = new PostgreSqlStore(_database.ConnectionString, KeyFolder, StorePlatforms.ForThisMachine(), null);
            var client = store.Clients.Get("ras")!;
            Assert.Null(client.Unreadable);
            Assert.Equal("ras-shared-secret", Encoding.UTF8.GetString(client.SharedSecret!));
            Assert.Equal(StoreCopyWorld.TotpSecret, store.Tokens.GetBySerial(StoreCopyWorld.UsedTotpSerial)!.Secret);
        }

        private void Rotate()
        {
            using var keyless = StoreKeyService.OpenKeyless(_database.ConnectionString, KeyFolder, applySchema: true);
            StoreKeyRotation.Rotate(keyless, "a passphrase for the rotated key", new RecordingReview(), "HOST-B", DateTime.UtcNow);
        }
    }
}
