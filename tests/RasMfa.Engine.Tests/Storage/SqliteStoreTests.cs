using System;
using System.IO;
using System.Linq;
using System.Text;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    public sealed class SqliteStoreTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-store-" + Guid.NewGuid().ToString("N"));
        private string DatabasePath => Path.Combine(_folder, "rasmfa.db");

        private static RadiusClientDefinition Client(string name, string address, string secret = "a-shared-secret-for-tests") =>
            new RadiusClientDefinition(name, IpNetwork.Parse(address), Encoding.UTF8.GetBytes(secret));

        [Theory, ClassData(typeof(BothStores))]
        public void Clients_round_trip_and_every_change_bumps_the_version(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var store = test.Store;
            long start = store.GetChangeVersion();
            store.Clients.Add(Client("RAS01", "10.0.0.21"));
            var loaded = store.Clients.Get("ras01")!;
            Assert.Equal("RAS01", loaded.Name);
            Assert.Equal("10.0.0.21", loaded.Address.ToString());
            Assert.Equal("a-shared-secret-for-tests", Encoding.UTF8.GetString(loaded.SharedSecret!));
            Assert.True(loaded.RequireMessageAuthenticator);
            loaded.Address = IpNetwork.Parse("10.0.0.0/24");
            loaded.LimitProxyState = true;
            store.Clients.Update("RAS01", loaded);
            Assert.True(store.Clients.Get("RAS01")!.LimitProxyState);
            store.Clients.Remove("RAS01");
            Assert.Empty(store.Clients.List());
            Assert.Equal(start + 3, store.GetChangeVersion());
        }

        [Theory, ClassData(typeof(BothStores))]
        public void Duplicate_names_and_addresses_and_missing_clients_are_named_errors(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var store = test.Store;
            store.Clients.Add(Client("a", "10.0.0.1"));
            Assert.Equal("DuplicateRadiusClientName", Assert.Throws<StoreException>(() => store.Clients.Add(Client("A", "10.0.0.2"))).ErrorId);
            Assert.Equal("DuplicateRadiusClientAddress", Assert.Throws<StoreException>(() => store.Clients.Add(Client("b", "10.0.0.1"))).ErrorId);
            Assert.Equal("RadiusClientNotFound", Assert.Throws<StoreException>(() => store.Clients.Remove("nobody")).ErrorId);
            Assert.Single(store.Clients.List());
        }

        [Theory, ClassData(typeof(BothStores))]
        public void A_client_may_name_only_a_directory_or_upstream_servers_that_exist(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var store = test.Store;
            var client = Client("ras", "10.0.0.5");
            client.FirstFactor = FirstFactor.Directory;
            client.Directory = "corp";
            Assert.Equal("DirectoryNotFound", Assert.Throws<StoreException>(() => store.Clients.Add(client)).ErrorId);
            client.FirstFactor = FirstFactor.UpstreamRadius;
            client.UpstreamServers = new[] { "nps1" };
            Assert.Equal("UpstreamRadiusServerNotFound", Assert.Throws<StoreException>(() => store.Clients.Add(client)).ErrorId);
            store.UpstreamServers.Add(new RasMfa.Engine.FirstFactors.UpstreamRadiusServer("nps1", "127.0.0.1", Encoding.UTF8.GetBytes("an-upstream-secret-1234")));
            store.Clients.Add(client);
            Assert.Equal(FirstFactor.UpstreamRadius, store.Clients.Get("ras")!.FirstFactor);
        }

        [Fact]
        public void The_secret_is_not_in_the_database_file_in_clear_and_both_files_are_owner_only()
        {
            const string secret = "an-unmistakable-plaintext-secret";
            var store = new SqliteStore(DatabasePath);
            store.Clients.Add(Client("a", "10.0.0.1", secret));
            SqliteConnectionPoolReset();
            var fileText = string.Concat(Directory.GetFiles(_folder, "rasmfa.db*").Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
            Assert.DoesNotContain(secret, fileText);
            Assert.Contains("10.0.0.1", fileText);
#if NET8_0_OR_GREATER // net472 (Windows PowerShell) seals with DPAPI: no key file, and no Unix file modes to read.
            if (!OperatingSystem.IsWindows())
            {
                foreach (var file in new[] { "rasmfa.key", "rasmfa.db" })
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, file)));
            }
#endif
        }

        [Fact]
        public void A_store_reopened_by_another_instance_sees_the_same_clients()
        {
            new SqliteStore(DatabasePath).Clients.Add(Client("a", "10.0.0.1"));
            Assert.Single(new SqliteStore(DatabasePath).Clients.List());
        }

        private static void SqliteConnectionPoolReset() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        public void Dispose()
        {
            SqliteConnectionPoolReset();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
