using System;
using System.IO;
using Npgsql;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Copy;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.PostgreSql
{
    /// <summary>
    /// Review R2 (store secrets): the admin's own Options in the connection string (Set-RasMfaStore accepts them: a schema
    /// of its own, a timeout) must reach every connection to the store. A copy's source is opened read-only by setting
    /// Options, which replaced the admin's: the copy then read another schema than the one the servers use.
    /// </summary>
    public sealed class PostgreSqlConnectionOptionsTests : IDisposable
    {
        private readonly PostgreSqlTestDatabase _database = new PostgreSqlTestServer().CreateDatabase();
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-pg-options-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            _database.Dispose();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        [Fact]
        public void A_store_kept_in_a_schema_of_its_own_by_Options_is_the_one_a_copy_reads()
        {
            using (var connection = new NpgsqlConnection(_database.ConnectionString))
            {
                connection.Open();
                using var create = new NpgsqlCommand("CREATE SCHEMA rasmfa", connection);
                create.ExecuteNonQuery();
            }
            var inSchema = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Options = "-c search_path=rasmfa" }.ConnectionString;
            using (var store = new PostgreSqlStore(inSchema, _folder, StorePlatforms.ForThisMachine(), null))
                store.Clients.Add(new RadiusClientDefinition("ras", IpNetwork.Parse("10.0.0.1"), System.Text.Encoding.UTF8.GetBytes("a-shared-secret-for-tests")));

            // Fails with StoreSchemaOutdated: the source opened for the copy looked in "public", where there is no store.
            var source = PostgreSqlStore.OpenForReading(inSchema, _folder, StorePlatforms.ForThisMachine());
            var counts = StoreCopier.CountSource(source);
            Assert.Contains(counts, c => c.Table == "radius_client" && c.Rows == 1);
        }
    }
}
