using System;
using System.IO;
using System.Text;
using Npgsql;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.PostgreSql;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Tests.Storage.PostgreSql
{
    /// <summary>
    /// One PostgreSQL store (a database of its own) and servers on it, each with a key folder of its own ("a", "b", ...): the
    /// first opens the store (making its key) and holds a RADIUS client and a token; the key operations run as the cmdlets run them.
    /// </summary>
    public sealed class SharedStoreKeyWorld : IDisposable
    {
        public const string Passphrase = "correct horse battery staple";
        public const string ClientSecret = "a-shared-secret-for-tests";
        private readonly PostgreSqlTestDatabase _database = new PostgreSqlTestServer().CreateDatabase();
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-pg-join-" + Guid.NewGuid().ToString("N"));

        public SharedStoreKeyWorld()
        {
            using var first = Open("a");
            StoreId = first.StoreId;
            first.Clients.Add(new RadiusClientDefinition("ras", IpNetwork.Parse("10.0.0.1"), Encoding.UTF8.GetBytes(ClientSecret)));
            var user = new MfaUser("alice");
            first.Users.Add(user);
            TokenSecret = OtpSecrets.Generate(OtpAlgorithm.Sha1);
            first.Tokens.Add(new OtpToken("T-ALICE", OtpTokenType.Totp, (byte[])TokenSecret.Clone()) { UserId = user.Id });
        }

        public string StoreId { get; }

        public byte[] TokenSecret { get; }

        public string ConnectionString => _database.ConnectionString;

        public string KeyFolder(string server) => Path.Combine(_folder, server, "keys");

        public LocalStoreKeys Keys(string server) => new LocalStoreKeys(KeyFolder(server), StorePlatforms.ForThisMachine());

        /// <summary>The store as a server's listener or cmdlets open it.</summary>
        public PostgreSqlStore Open(string server) => new PostgreSqlStore(_database.ConnectionString, KeyFolder(server), StorePlatforms.ForThisMachine(), null);

        private KeylessPostgreSqlStore Keyless(string server, bool applySchema = true) => StoreKeyService.OpenKeyless(_database.ConnectionString, KeyFolder(server), applySchema);

        public StoreKeyEscrowInfo? AddEscrow(string server, string passphrase = Passphrase, bool replace = false, RecordingReview? review = null)
        {
            using var store = Keyless(server);
            return StoreKeyEscrowing.Add(store, passphrase, replace, review ?? new RecordingReview(), "HOST-" + server.ToUpperInvariant(), DateTime.UtcNow);
        }

        public StoreJoinResult? Join(string server, string passphrase = Passphrase, RecordingReview? review = null)
        {
            using var store = Keyless(server);
            return StoreJoining.Join(store, passphrase, review ?? new RecordingReview());
        }

        public StoreKeyRotationResult? Rotate(string server, string passphrase, RecordingReview? review = null)
        {
            using var store = Keyless(server);
            return StoreKeyRotation.Rotate(store, passphrase, review ?? new RecordingReview(), "HOST-" + server.ToUpperInvariant(), DateTime.UtcNow);
        }

        public SharedStoreKeyStatus Status(string server)
        {
            using var store = Keyless(server, applySchema: false);
            return StoreKeyStatusReading.Read(store);
        }

        /// <summary>What a server's store reads of the client's and the token's secrets.</summary>
        public (string ClientSecret, byte[] TokenSecret) SecretsSeenBy(string server)
        {
            using var store = Open(server);
            return (Encoding.UTF8.GetString(store.Clients.Get("ras")!.SharedSecret!), store.Tokens.GetBySerial("T-ALICE")!.Secret);
        }

        public object? Scalar(string sql)
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Pooling = false }.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            return command.ExecuteScalar();
        }

        public void Dispose()
        {
            _database.Dispose();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
