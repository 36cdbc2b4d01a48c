using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Copy;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Tests.Storage.Copy
{
    /// <summary>
    /// SQLite stores in folders of their own (each with its own key file), one of them populated as a working server's
    /// would be, and the means to compare two stores row by row and to tell whether a file changed.
    /// </summary>
    public sealed class StoreCopyWorld : IDisposable
    {
        public const string UsedTotpSerial = "TOTP-ALICE";
        public const long UsedStep = 59_000_123;
        public static readonly byte[] TotpSecret = Encoding.ASCII.GetBytes("12345678901234567890");
        public static readonly byte[] HotpSecret = Encoding.ASCII.GetBytes("abcdefghijabcdefghij");
        private readonly string _parent = Path.Combine(Path.GetTempPath(), "rasmfa-copy-" + Guid.NewGuid().ToString("N"));

        /// <summary>The database path of the store named <paramref name="name"/>, in its own folder.</summary>
        public string PathOf(string name) => Path.Combine(_parent, name, "rasmfa.db");

        // The AES key file, or the DPAPI entropy file where the store seals with DPAPI (Windows; Mono stands in for it).
        public string KeyFileOf(string name) =>
            Path.Combine(_parent, name, RasMfa.Engine.Security.SecretProtectors.KeyMaterialFileName(RasMfa.Engine.Security.Platform.StorePlatforms.ForThisMachine()));

        /// <summary>Users with several tokens (a used TOTP step, an HOTP counter, drift, a default set), a locked user, a spare token, clients, an upstream server, a directory with a bind password, settings and audit records.</summary>
        public void Populate(string name)
        {
            using var store = new SqliteStore(PathOf(name));
            store.Directories.Add(new DirectoryDefinition("corp", DirectoryType.ActiveDirectory, new[] { "dc1.corp.example", "dc2.corp.example" })
            {
                BaseDN = "DC=corp,DC=example",
                BindUserName = "CORP\\svc-rasmfa",
                BindPassword = Encoding.UTF8.GetBytes("bind-P4ssw0rd!"),
                Security = DirectorySecurity.StartTls,
            });
            store.UpstreamServers.Add(new UpstreamRadiusServer("nps", "10.0.0.5", Encoding.UTF8.GetBytes("upstream-secret")));
            store.EntraTenants.Add(new Engine.Entra.EntraTenantDefinition("contoso", "contoso.onmicrosoft.com", "3f6a1b2c-4d5e-4f60-8a7b-9c0d1e2f3a4b")
            {
                Secret = Encoding.UTF8.GetBytes("entra-client-secret"),
                SyncScopes = "6a0c2f44-1d3b-4e5f-8a9b-0c1d2e3f4a5b|UserPrincipalName",
            });
            store.Clients.Add(new RadiusClientDefinition("ras", IpNetwork.Parse("10.0.0.10"), Encoding.UTF8.GetBytes("ras-shared-secret"))
            {
                Directory = "corp",
                FirstFactor = FirstFactor.Directory,
                Description = "Parallels RAS gateway",
                Prompt = "Code, please",
                PushTimeoutSeconds = 20,
            });
            store.Clients.Add(new RadiusClientDefinition("vpn", IpNetwork.Parse("10.0.1.0/24"), Encoding.UTF8.GetBytes("vpn-shared-secret"))
            {
                UpstreamServers = new[] { "nps" },
                FirstFactor = FirstFactor.UpstreamRadius,
                OtpMode = OtpMode.Appended,
            });
            var settings = store.Settings.Get();
            settings.LockoutThreshold = 3;
            settings.TotpMaxDriftSteps = 4;
            store.Settings.Set(settings);

            store.Users.Add(new MfaUser("alice") { DisplayName = "Alice Ä", Email = "alice@corp.example", SourceDirectory = "corp" });
            store.Users.Add(new MfaUser("bob"));
            store.Users.Add(new MfaUser("carol") { Enabled = false });
            var alice = store.Users.Get("alice")!;
            var bob = store.Users.Get("bob")!;
            store.Tokens.Add(new OtpToken(UsedTotpSerial, OtpTokenType.Totp, TotpSecret) { UserId = alice.Id });
            store.Tokens.Add(new OtpToken("HOTP-ALICE", OtpTokenType.Hotp, HotpSecret) { UserId = alice.Id, Digits = 8 });
            store.Tokens.Add(new OtpToken("TOTP-BOB", OtpTokenType.Totp, TotpSecret) { UserId = bob.Id, Algorithm = OtpAlgorithm.Sha256 });
            store.Tokens.Add(new OtpToken("SPARE", OtpTokenType.Hotp, HotpSecret));
            store.Users.Update(alice, defaultTokenSerial: "HOTP-ALICE");
            Assert(store.Tokens.TryConsumeTotpStep(store.Tokens.GetBySerial(UsedTotpSerial)!.Id, UsedStep, driftSteps: 2));
            store.Tokens.SetHotpCounter(store.Tokens.GetBySerial("HOTP-ALICE")!.Id, 17);
            for (int i = 0; i < 3; i++) store.Users.RecordFailure(bob.Id, 3, TimeSpan.FromMinutes(15), DateTime.UtcNow);
            var start = new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);
            for (int i = 0; i < 7; i++)
                store.AuditLog.Add(new AuthenticationRecord
                {
                    TimeUtc = start.AddMinutes(i),
                    ClientName = "ras",
                    ClientAddress = "10.0.0.10",
                    UserName = i % 2 == 0 ? "alice" : "bob",
                    Result = i % 2 == 0 ? "Accept" : "Reject",
                    Reason = i % 2 == 0 ? "Accepted" : "WrongCode",
                    Method = "TOTP",
                    Milliseconds = 1.25 * i,
                });
            store.Dispose();
            SqliteConnection.ClearAllPools(); // the last connection folds the WAL into the database file: a file copy is then the whole store
        }

        /// <summary>Every row of every table a copy carries, as text; sealed columns as whether they are there (their octets differ by design).</summary>
        public IReadOnlyList<string> Rows(string name, bool withSealedOctets = false)
        {
            var rows = new List<string>();
            using var connection = Open(name);
            foreach (var table in StoreCopyTables.Copied)
            {
                var sealedColumn = SealedSecretColumns.SealedColumnOf(table);
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM {table} ORDER BY 1";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var cells = new List<string> { table };
                    for (int i = 0; i < reader.FieldCount; i++)
                    {
                        var value = reader.GetValue(i);
                        string cell = value is DBNull ? "NULL"
                            : value is byte[] octets ? (reader.GetName(i) == sealedColumn && !withSealedOctets ? "sealed" : BitConverter.ToString(octets))
                            : $"{value.GetType().Name}:{value}";
                        cells.Add(reader.GetName(i) + "=" + cell);
                    }
                    rows.Add(string.Join("|", cells));
                }
            }
            return rows;
        }

        public long Scalar(string name, string sql)
        {
            using var connection = Open(name);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (long)command.ExecuteScalar()!;
        }

        public string Text(string name, string sql)
        {
            using var connection = Open(name);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (string)command.ExecuteScalar()!;
        }

        public void Execute(string name, string sql)
        {
            using var connection = Open(name);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        /// <summary>SHA-256 of the file, or "none" when it is missing or empty (SQLite makes an empty WAL for any reader).</summary>
        public static string Hash(string path)
        {
            if (!File.Exists(path) || new FileInfo(path).Length == 0) return "none";
            using var sha = SHA256.Create();
            return BitConverter.ToString(sha.ComputeHash(File.ReadAllBytes(path)));
        }

        /// <summary>The store's files as they are now: the database, its WAL (where any write would go first) and its key.</summary>
        public string Fingerprint(string name)
        {
            var database = PathOf(name);
            return string.Join(" ", new[] { database, database + "-wal", KeyFileOf(name) }.Select(Hash));
        }

        /// <summary>Copies <paramref name="from"/> into <paramref name="to"/> through the public API, as the cmdlet does.</summary>
        public StoreCopySummary Copy(string from, string to, bool clear = false, bool copyUnreadable = false, Action<StoreCopyProgress>? progress = null)
        {
            using var copy = StoreCopy.OpenSource(StoreCopyEndpoint.Sqlite(PathOf(from)));
            copy.OpenDestination(StoreCopyEndpoint.Sqlite(PathOf(to)));
            var summary = copy.Run(clear, copyUnreadable, progress);
            return summary;
        }

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_parent, true); } catch (IOException) { }
        }

        private SqliteConnection Open(string name)
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = PathOf(name), Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString());
            connection.Open();
            return connection;
        }

        private static void Assert(bool condition)
        {
            if (!condition) throw new InvalidOperationException("The store could not be populated as the tests expect.");
        }
    }
}
