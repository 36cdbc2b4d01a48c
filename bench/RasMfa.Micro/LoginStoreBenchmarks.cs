using System;
using System.IO;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Micro
{
    /// <summary>
    /// The store calls a login makes on the embedded store: the one pooled, prepared read, and a lone login's write
    /// through the group-commit queue (one batch, one commit each). The baseline is one HMAC-MD5 over a packet's size, as
    /// in the packet path's benchmarks, so that a change to the store's code shows as a change of the ratios within one run.
    /// </summary>
    [MemoryDiagnoser]
    public class LoginStoreBenchmarks
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-micro-" + Guid.NewGuid().ToString("N"));
        private SqliteStore _store = null!;
        private MfaUser _user = null!;
        private OtpToken _token = null!;
        private LockoutPolicy _lockout = null!;
        private readonly AuthenticationRecord _record = new AuthenticationRecord
        {
            ClientName = "bench", ClientAddress = "127.0.0.1", UserName = "alice", Result = "Accept", Reason = "code accepted", Method = "TOTP/PAP",
        };
        private Func<LoginSettlement, LoginRecord> _describe = null!;
        private long _step = 1000;

        [GlobalSetup]
        public void Setup()
        {
            _store = new SqliteStore(Path.Combine(_folder, "rasmfa.db"));
            _user = new MfaUser("alice");
            _store.Users.Add(_user);
            _token = new OtpToken("MICRO", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = _user.Id };
            _store.Tokens.Add(_token);
            _lockout = new LockoutPolicy(int.MaxValue, TimeSpan.FromMinutes(1), DateTime.UtcNow);
            _describe = settlement => new LoginRecord(_record, RecordedAnswer.Reject());
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _store.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        private readonly byte[] _packet = new byte[120];

        [Benchmark(Baseline = true, Description = "baseline: one HMAC-MD5 over a packet")]
        public byte[] HmacOverPacket()
        {
            using var hmac = new HMACMD5(_packet);
            return hmac.ComputeHash(_packet);
        }

        [Benchmark(Description = "Logins.Find: the joined read, pooled and prepared")]
        public LoginLookup Find() => _store.Logins.Find("alice");

        [Benchmark(Description = "Logins.SettleAsync: code accepted (step, counters, audit; one commit)")]
        public LoginSettlement SettleAccepted() =>
            _store.Logins.SettleAsync(LoginWrite.Accept(_user.Id, CodeUse.Of(_token, new OtpMatch(++_step, 0)), _lockout), NewRequest(), _describe).GetAwaiter().GetResult();

        [Benchmark(Description = "Logins.SettleAsync: wrong code (failure count, audit; one commit)")]
        public LoginSettlement SettleWrongCode() =>
            _store.Logins.SettleAsync(LoginWrite.WrongCode(_user.Id, _lockout), NewRequest(), _describe).GetAwaiter().GetResult();

        // Each login's write holds its request's key and records its answer (issue 12): a key of its own per call.
        private static DecidedRequest NewRequest() => new DecidedRequest(Guid.NewGuid().ToByteArray(), "bench", DateTime.UtcNow);
    }
}
