using System;
using System.IO;
using System.Net;
using System.Text;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Fuzz
{
    /// <summary>
    /// What the request-path target runs against: a real SQLite store in a private temporary folder, three RADIUS clients
    /// that differ in the rules a packet meets, and users holding TOTP and HOTP tokens with fixed secrets (so that seeds and
    /// the harness agree on codes). The seed generator uses the same names, secret and addresses.
    /// </summary>
    public sealed class FuzzWorld : IDisposable
    {
        public static readonly byte[] Secret = Encoding.ASCII.GetBytes("fuzz-shared-secret-0123456789abc");

        /// <summary>Default client rules: Message-Authenticator required, unknown users rejected, code in a second round.</summary>
        public static readonly IPEndPoint SignedSource = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40000);

        /// <summary>Unsigned requests allowed (Proxy-State limited), unknown users let through, a first factor checked here.</summary>
        public static readonly IPEndPoint UnsignedSource = new IPEndPoint(IPAddress.Parse("198.51.100.10"), 40001);

        /// <summary>Password and code in one field, first factor checked here.</summary>
        public static readonly IPEndPoint AppendedSource = new IPEndPoint(IPAddress.Parse("203.0.113.10"), 40002);

        public static readonly IPEndPoint UnknownSource = new IPEndPoint(IPAddress.Parse("100.64.0.1"), 40003);

        /// <summary>The password the stand-in first factor accepts.</summary>
        public const string DomainPassword = "Passw0rd!";

        public static readonly string[] TotpUsers = { "alice", "dave" };
        public const string HotpUser = "bob";
        public const string DisabledUser = "carol";

        private readonly string _folder;

        public FuzzWorld()
        {
            // RASMFA_FUZZ_WORK: where build.ps1 Fuzz wants it (and deletes it after the run); else /dev/shm when there is one,
            // since the store's commits are the slowest part of an execution.
            string parent = Environment.GetEnvironmentVariable("RASMFA_FUZZ_WORK") is { Length: > 0 } work ? work
                : Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
            _folder = Path.Combine(parent, "rasmfa-fuzz-" + Guid.NewGuid().ToString("N"));
            Store = new SqliteStore(Path.Combine(_folder, "rasmfa.db"));
            Signed = new RadiusClientDefinition("ras", IpNetwork.Parse("192.0.2.0/24"), Secret);
            Unsigned = new RadiusClientDefinition("vpn", IpNetwork.Parse("198.51.100.0/24"), Secret)
            {
                RequireMessageAuthenticator = false,
                LimitProxyState = true,
                RequireUserMatch = false,
                FirstFactor = FirstFactor.UpstreamRadius,
                PassUpstreamAttributes = true,
            };
            Appended = new RadiusClientDefinition("gateway", IpNetwork.Parse("203.0.113.0/24"), Secret)
            {
                FirstFactor = FirstFactor.Directory,
                OtpMode = OtpMode.Appended,
                Prompt = "Code?",
            };
            Clients = new ClientRegistry(new[] { Signed, Unsigned, Appended });
            foreach (var name in TotpUsers) Enrol(name, OtpTokenType.Totp, name == "dave" ? OtpAlgorithm.Sha256 : OtpAlgorithm.Sha1, name == "dave" ? 8 : 6);
            Enrol(HotpUser, OtpTokenType.Hotp, OtpAlgorithm.Sha1, 6);
            var carol = Enrol(DisabledUser, OtpTokenType.Totp, OtpAlgorithm.Sha1, 6);
            carol.Enabled = false;
            Store.Users.Update(carol);
        }

        public SqliteStore Store { get; }
        public RadiusClientDefinition Signed { get; }
        public RadiusClientDefinition Unsigned { get; }
        public RadiusClientDefinition Appended { get; }
        public ClientRegistry Clients { get; }

        /// <summary>Lockout at 100 failures (the most allowed), so that a run spends less of its time locked out.</summary>
        public MfaSettings Settings { get; } = new MfaSettings { LockoutThreshold = MfaSettings.MaxLockoutThreshold, LockoutMinutes = 1 };

        /// <summary>Each user's token secret: 20 octets made from the name, the same in every run.</summary>
        public static byte[] TokenSecret(string userName)
        {
            var secret = new byte[20];
            var name = Encoding.UTF8.GetBytes(userName);
            for (int i = 0; i < secret.Length; i++) secret[i] = (byte)(name[i % name.Length] + i);
            return secret;
        }

        private MfaUser Enrol(string userName, OtpTokenType type, OtpAlgorithm algorithm, int digits)
        {
            var user = new MfaUser(userName);
            Store.Users.Add(user);
            Store.Tokens.Add(new OtpToken("fuzz-" + userName, type, TokenSecret(userName)) { UserId = user.Id, Algorithm = algorithm, Digits = digits });
            return user;
        }

        /// <summary>The code the user's token shows at <paramref name="now"/> (TOTP) or next (HOTP); null for names not enrolled here.</summary>
        public string? CurrentCode(string userName, DateTime now)
        {
            var token = Store.Tokens.GetBySerial("fuzz-" + userName);
            if (token == null) return null;
            return token.Type == OtpTokenType.Hotp
                ? OtpCalculator.Hotp(token, token.Counter)
                : OtpCalculator.TotpForStep(token, OtpCalculator.TimeStep(now, token.Period));
        }

        public void Dispose()
        {
            Store.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
