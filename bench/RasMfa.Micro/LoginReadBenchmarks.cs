using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Micro
{
    /// <summary>
    /// The login read on an embedded store of 20,000 users with one TOTP token each, warm: a known name (each call the
    /// next user, so that SQLite's page cache is warm but no one row is), an unknown name (no row; nobody's secret is
    /// unsealed instead), and the unsealing of one token secret on its own. The baseline is one HMAC-MD5 over a packet's
    /// size, as in the other benchmarks, so that ratios compare within one run.
    /// </summary>
    [MemoryDiagnoser]
    public class LoginReadBenchmarks
    {
        private const int UserCount = 20000;
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-micro-" + Guid.NewGuid().ToString("N"));
        private SqliteStore _store = null!;
        private string[] _names = null!;
        private int _next;
        private readonly byte[] _packet = new byte[120];
        private Microsoft.Data.Sqlite.SqliteConnection _connection = null!;
        private Microsoft.Data.Sqlite.SqliteCommand _byId = null!;
        private Microsoft.Data.Sqlite.SqliteParameter _id = null!;
        private long[] _ids = null!;
        private Microsoft.Data.Sqlite.SqliteCommand _joined = null!, _joinedWithoutCounts = null!;
        private const string UserColumns = "u.id, u.user_name, u.display_name, u.email, u.phone_number, u.enabled, u.failed_attempts, u.locked_until_utc, u.created_utc, u.modified_utc, u.source_directory, u.methods, u.default_method";
        private const string TokenColumns = "t.id, t.serial, t.user_id, u.user_name, t.type, t.secret, t.algorithm, t.digits, t.period, t.counter, t.last_used_step, t.drift_steps, t.created_utc";

        [GlobalSetup]
        public void Setup()
        {
            _store = new SqliteStore(Path.Combine(_folder, "rasmfa.db"));
            _names = Enumerable.Range(0, UserCount).Select(i => "user" + i.ToString("D5")).ToArray();
            _store.Users.Upsert(_names.Select(name => new UserImportRow { UserName = name, PhoneNumber = "+15550100000" }).ToList());
            var ids = _store.Users.List().ToDictionary(user => user.UserName, user => user.Id);
            _store.Tokens.AddMany(_names.Select(name => new OtpToken("T-" + name, OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = ids[name] }).ToList());
            _ids = _names.Select(name => ids[name]).ToArray();
            // What a cache could not hold: the fields a login changes (enabled, lock, failures, bypass codes and pending
            // enrolments held), read by id on a connection of its own with a statement prepared once, as the reader's sessions do.
            _connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + Path.Combine(_folder, "rasmfa.db"));
            _connection.Open();
            _byId = _connection.CreateCommand();
            _byId.CommandText = "SELECT u.enabled, u.locked_until_utc, u.failed_attempts, (SELECT COUNT(*) FROM bypass_code b WHERE b.user_id = u.id AND b.uses_left > 0)," +
                " (SELECT COUNT(*) FROM otp_token p WHERE p.serial >= 'ENROL-' || u.id || '-' AND p.serial < 'ENROL-' || u.id || '.') FROM mfa_user u WHERE u.id = @id";
            _id = _byId.Parameters.Add("@id", Microsoft.Data.Sqlite.SqliteType.Integer);
            _id.Value = 0L;
            _byId.Prepare();
            // The reader's joined query as SQL alone (each column read as a value, nothing built), with and without its two counts.
            _joined = Prepared("SELECT " + UserColumns + ", " + TokenColumns + ", u.name_key, u.bare_key, (SELECT COUNT(*) FROM bypass_code b WHERE b.user_id = u.id AND b.uses_left > 0)," +
                " (SELECT COUNT(*) FROM otp_token p WHERE p.serial >= 'ENROL-' || u.id || '-' AND p.serial < 'ENROL-' || u.id || '.')" +
                " FROM mfa_user u LEFT JOIN otp_token t ON t.user_id = u.id WHERE u.bare_key = @bare OR u.name_key = @bare ORDER BY u.id, t.id = u.default_token_id DESC, t.id");
            _joinedWithoutCounts = Prepared("SELECT " + UserColumns + ", " + TokenColumns + ", u.name_key, u.bare_key" +
                " FROM mfa_user u LEFT JOIN otp_token t ON t.user_id = u.id WHERE u.bare_key = @bare OR u.name_key = @bare ORDER BY u.id, t.id = u.default_token_id DESC, t.id");
        }

        private Microsoft.Data.Sqlite.SqliteCommand Prepared(string sql)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.Add("@bare", Microsoft.Data.Sqlite.SqliteType.Text).Value = "";
            command.Prepare();
            return command;
        }

        private long RunRaw(Microsoft.Data.Sqlite.SqliteCommand command)
        {
            command.Parameters[0].Value = _names[_next++ % UserCount];
            long seen = 0;
            using var reader = command.ExecuteReader();
            while (reader.Read()) for (int i = 0; i < reader.FieldCount; i++) if (reader.GetValue(i) != null) seen++;
            return seen;
        }

        [Benchmark(Description = "SQL alone: the joined query, columns read as values")]
        public long JoinedSqlAlone() => RunRaw(_joined);

        [Benchmark(Description = "SQL alone: the joined query without its two counts")]
        public long JoinedSqlWithoutCounts() => RunRaw(_joinedWithoutCounts);

        [GlobalCleanup]
        public void Cleanup()
        {
            _byId.Dispose();
            _joined.Dispose();
            _joinedWithoutCounts.Dispose();
            _connection.Dispose();
            _store.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        [Benchmark(Baseline = true, Description = "baseline: one HMAC-MD5 over a packet")]
        public byte[] HmacOverPacket()
        {
            using var hmac = new HMACMD5(_packet);
            return hmac.ComputeHash(_packet);
        }

        [Benchmark(Description = "Logins.Find, a known name (20,000 users, each call the next)")]
        public LoginLookup FindKnown() => _store.Logins.Find(_names[_next++ % UserCount]);

        [Benchmark(Description = "Logins.Find, an unknown name (nobody's secret unsealed)")]
        public LoginLookup FindUnknown() => _store.Logins.Find("nobody" + (_next++ % UserCount).ToString("D5"));
    

        [Benchmark(Description = "the fields a login changes, by id (what a cache hit would still read)")]
        public long DynamicFieldsById()
        {
            _id.Value = _ids[_next++ % UserCount];
            using var reader = _byId.ExecuteReader();
            return reader.Read() ? reader.GetInt64(0) + reader.GetInt64(3) : -1;
        }
    }
}
