using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.PostgreSql
{
    /// <summary>Opening a PostgreSQL store: its schema made once by servers starting at once, refused when newer, and its key.</summary>
    public sealed class PostgreSqlStoreOpeningTests : IDisposable
    {
        private readonly PostgreSqlTestServer _server = new PostgreSqlTestServer();
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-pg-open-" + Guid.NewGuid().ToString("N"));

        private PostgreSqlStore Open(PostgreSqlTestDatabase database, string server = "a") =>
            new PostgreSqlStore(database.ConnectionString, Path.Combine(_folder, server, "keys"), StorePlatforms.ForThisMachine(), null);

        private static RadiusClientDefinition Client(string name, string address) =>
            new RadiusClientDefinition(name, IpNetwork.Parse(address), System.Text.Encoding.UTF8.GetBytes("a-shared-secret-for-tests"));

        [Fact]
        public async Task Two_servers_starting_at_once_on_an_empty_database_both_come_up_on_one_schema_and_one_key()
        {
            for (int round = 0; round < 5; round++)
            {
                using var database = _server.CreateDatabase();
                var both = await Task.WhenAll(Task.Run(() => Open(database)), Task.Run(() => Open(database)));
                try
                {
                    Assert.Equal(both[0].StoreId, both[1].StoreId);
                    both[0].Clients.Add(Client("ras", "10.0.0.1"));
                    Assert.Equal("a-shared-secret-for-tests", System.Text.Encoding.UTF8.GetString(both[1].Clients.Get("RAS")!.SharedSecret!));
                }
                finally
                {
                    foreach (var store in both) store.Dispose();
                }
            }
        }

        [Fact]
        public void A_connection_string_naming_several_hosts_opens_the_store_on_the_primary_that_answers()
        {
            using var database = _server.CreateDatabase();
            // The first host refuses connections (nothing listens on port 1); Npgsql goes on to the next, as a failover pair would.
            var several = new NpgsqlConnectionStringBuilder(database.ConnectionString)
            {
                Host = $"127.0.0.1:1,127.0.0.1:{_server.Port}",
                TargetSessionAttributes = "primary",
            };
            using (var store = new PostgreSqlStore(several.ConnectionString, Path.Combine(_folder, "a", "keys"), StorePlatforms.ForThisMachine(), null))
            {
                store.Clients.Add(Client("ras", "10.0.0.1"));
                Assert.Contains("127.0.0.1:1,127.0.0.1:", store.Location);
            }
            using var direct = Open(database);
            Assert.Equal("a-shared-secret-for-tests", System.Text.Encoding.UTF8.GetString(direct.Clients.Get("ras")!.SharedSecret!));
        }

        [Fact]
        public void A_database_newer_than_this_build_is_refused_clearly()
        {
            using var database = _server.CreateDatabase();
            Open(database).Dispose();
            Execute(database, "UPDATE schema_version SET version = version + 1");
            var error = Assert.Throws<StoreException>(() => Open(database));
            Assert.Equal("StoreSchemaTooNew", error.ErrorId);
        }

        [Fact]
        public void A_server_without_the_stores_key_is_refused_until_it_joins_and_a_wrong_key_never_seals()
        {
            using var database = _server.CreateDatabase();
            string storeId;
            using (var first = Open(database, "a"))
            {
                storeId = first.StoreId;
                first.Clients.Add(Client("ras", "10.0.0.1"));
            }
            Assert.Equal(StoreKeyException.NotJoinedId, Assert.Throws<StoreKeyException>(() => Open(database, "b")).ErrorId);

            // Joined with another key (a stale file, another store's): refused, and nothing is sealed with it.
            var other = new byte[32];
            new Random(7).NextBytes(other);
            new LocalStoreKeys(Path.Combine(_folder, "b", "keys")).Save(storeId, other);
            Assert.Equal(StoreKeyCheck.MismatchErrorId, Assert.Throws<StoreException>(() => Open(database, "b")).ErrorId);

            // Joined with the store's key: opens what the first server sealed.
            new LocalStoreKeys(Path.Combine(_folder, "b", "keys")).Save(storeId, new LocalStoreKeys(Path.Combine(_folder, "a", "keys")).Load(storeId));
            using var joined = Open(database, "b");
            Assert.Equal("a-shared-secret-for-tests", System.Text.Encoding.UTF8.GetString(joined.Clients.Get("ras")!.SharedSecret!));
        }

        [Fact]
        public void The_location_names_the_server_and_never_the_password_and_an_unreachable_server_is_StoreUnreachable()
        {
            var unreachable = new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Host = "127.0.0.1", Port = 1, Password = "Never-Shown-Passw0rd" }.ConnectionString;
            var error = Assert.Throws<StoreException>(() => new PostgreSqlStore(unreachable, Path.Combine(_folder, "keys"), StorePlatforms.ForThisMachine(), null));
            Assert.Equal(("StoreUnreachable", StoreErrorKind.Unavailable), (error.ErrorId, error.Kind));
            Assert.DoesNotContain("Never-Shown-Passw0rd", error.ToString());

            using var database = _server.CreateDatabase();
            var password = new NpgsqlConnectionStringBuilder(database.ConnectionString).Password;
            Assert.False(string.IsNullOrEmpty(password));
            using var store = new PostgreSqlStore(database.ConnectionString, Path.Combine(_folder, "keys"), StorePlatforms.ForThisMachine(), null);
            Assert.Contains(database.Name, store.Location);
            Assert.DoesNotContain(password!, store.Location);
            Assert.DoesNotContain("Password", store.Location, StringComparison.OrdinalIgnoreCase);
        }

        private static void Execute(PostgreSqlTestDatabase database, string sql)
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }

        public void Dispose()
        {
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
