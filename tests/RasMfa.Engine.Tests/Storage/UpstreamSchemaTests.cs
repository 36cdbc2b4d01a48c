using System;
using System.IO;
using System.Text;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Sqlite;
using RasMfa.Engine.Tests.Administration;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>Upstream RADIUS servers stored before Message-Authenticator was required of them are held to it after the upgrade.</summary>
    public sealed class UpstreamSchemaTests
    {
        [Fact]
        public void An_upstream_server_stored_before_the_setting_existed_requires_Message_Authenticator_after_the_upgrade()
        {
            var folder = Path.Combine(Path.GetTempPath(), "rasmfa-v5-" + Guid.NewGuid().ToString("N"));
            var path = Path.Combine(folder, "rasmfa.db");
            var protector = new TemporaryStore.CountingProtector();
            var secret = Encoding.ASCII.GetBytes("an-upstream-secret-1234");
            try
            {
                var platform = StorePlatforms.ForThisMachine();
                StoreFolderGuard.Prepare(new StoreFiles(path, SecretProtectors.KeyMaterialFileName(platform)), platform);
                using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
                {
                    connection.Open();
                    // Version 5 is the last schema without the column, whatever number the step that adds it ends up with.
                    SchemaMigrations.Apply(connection, 5);
                    using var command = connection.CreateCommand();
                    command.CommandText = "INSERT INTO upstream_radius_server (name, address, port, secret, timeout_seconds, retries, created_utc, modified_utc) " +
                        "VALUES ('nps1', '10.0.0.5', 1645, $secret, 3, 2, '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z')";
                    command.Parameters.AddWithValue("$secret", protector.Protect(secret));
                    command.ExecuteNonQuery();
                }

                using var store = new SqliteStore(path, protector);
                var server = store.UpstreamServers.Get("nps1")!;
                Assert.True(server.RequireMessageAuthenticator);
                Assert.Equal(("10.0.0.5", 1645, 3, 2), (server.Address, server.Port, server.TimeoutSeconds, server.Retries));
                Assert.Equal(secret, server.SharedSecret);
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                try { Directory.Delete(folder, true); } catch (IOException) { }
            }
        }
    }
}
