using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.PostgreSql;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Tests.Cluster
{
    /// <summary>
    /// Two RasMfa servers on one store, as two listener processes would be: each opens the store itself (its own connections
    /// and writer), has its own server id, its own view of the challenges and its own handler; they share only the store,
    /// the clock the test moves, and the first factor stand-in. Requests are built once and sent to either or both, octet
    /// for octet the same, as RAS active-active sends them.
    /// </summary>
    public sealed class TwoServers : IDisposable
    {
        public static readonly byte[] Secret = Encoding.ASCII.GetBytes("two-servers-shared-secret-0123");
        private readonly TestStore _store;
        private readonly IRasMfaStore _storeA;
        private readonly IRasMfaStore _storeB;
        private int _identifier;
        private TimeSpan _bClockAhead;

        /// <param name="bOnAnotherMachine">
        /// On PostgreSQL: B keeps its store keys in a folder of its own (<see cref="KeyFolderOfB"/>), as on another machine,
        /// and joins the store there with <see cref="Passphrase"/> before it opens it; otherwise A and B share one key folder
        /// (two listeners on one machine).
        /// </param>
        public TwoServers(StoreKind kind, FirstFactor firstFactor = FirstFactor.None, bool heldFirstFactor = false, bool bOnAnotherMachine = false)
        {
            Client = new RadiusClientDefinition("ras", IpNetwork.Parse("192.0.2.0/24"), Secret) { FirstFactor = firstFactor };
            Checker = new HeldChecker(heldFirstFactor);
            // Two stores on one database: two processes on the SQLite file, or two servers (the second joined) on PostgreSQL.
            _store = TestStore.Open(kind);
            _storeA = _store.Store;
            KeyFolderOfB = bOnAnotherMachine ? _store.KeyFolderOf("b") : kind == StoreKind.PostgreSql ? _store.KeyFolder : null;
            if (bOnAnotherMachine)
            {
                using (var keyless = StoreKeyService.OpenKeyless(_store.ConnectionString, _store.KeyFolder, applySchema: true))
                    StoreKeyEscrowing.Add(keyless, Passphrase, replace: false, new RecordingReview(), "HOST-A", DateTime.UtcNow);
                using (var keyless = StoreKeyService.OpenKeyless(_store.ConnectionString, KeyFolderOfB, applySchema: true))
                    StoreJoining.Join(keyless, Passphrase, new RecordingReview());
            }
            _storeB = _store.OpenAnother(KeyFolderOfB);
            // Each server times everything by the store's clock, as its listener does (Hosting/StoreClock): on PostgreSQL the
            // database server's clock, which here is the test's; on SQLite the machine's, which every server on the file shares.
            // Reading PostgreSQL's clock takes a real round trip, half of which the measured offset carries: 2 ms here, so no test
            // leans on the offset being exactly zero.
            Func<DateTime?> storeClock = kind == StoreKind.PostgreSql ? () => { System.Threading.Thread.Sleep(2); return Now; } : () => null;
            ClockA = new StoreClock(() => Now, storeClock, NullLogger.Instance);
            ClockB = new StoreClock(() => Now + BClockAhead, storeClock, NullLogger.Instance);
            ClockA.Measure();
            ClockB.Measure();
            A = Server(_storeA, "server-a", ClockA.UtcNow);
            B = Server(_storeB, "server-b", ClockB.UtcNow);
        }

        /// <summary>The passphrase of the store key's escrow, when B is on a machine of its own.</summary>
        public const string Passphrase = "correct horse battery staple";

        public RadiusClientDefinition Client { get; }

        /// <summary>On PostgreSQL, the folder server B keeps its store keys in (A's, unless B is on another machine).</summary>
        public string? KeyFolderOfB { get; }

        public HeldChecker Checker { get; }

        public MfaSettings Settings { get; set; } = new MfaSettings();

        public DateTime Now { get; set; } = new DateTime(2026, 11, 28, 8, 0, 5, DateTimeKind.Utc);

        /// <summary>
        /// How far server B's machine clock runs ahead of A's (negative: behind); servers' clocks are never quite in step. B
        /// measures its offset from the store's clock when it is set, as its listener does at its start and every minute.
        /// Only PostgreSQL's servers can differ: servers on a SQLite file share one machine's clock.
        /// </summary>
        public TimeSpan BClockAhead
        {
            get => _bClockAhead;
            set
            {
                _bClockAhead = value;
                ClockB.Measure();
            }
        }

        /// <summary>The clocks servers A and B time by: the store's.</summary>
        public StoreClock ClockA { get; }

        public StoreClock ClockB { get; }

        /// <summary>The shared database, for a test that damages a row as a careless admin or another version would.</summary>
        public TestStore Database => _store;

        public MfaRequestHandler A { get; }

        public MfaRequestHandler B { get; }

        /// <summary>The store as an admin's session sees it.</summary>
        public IRasMfaStore Store => _storeA;

        /// <summary>The store as server B opened it (its own connections and writer).</summary>
        public IRasMfaStore StoreB => _storeB;

        private MfaRequestHandler Server(IRasMfaStore store, string id, Func<DateTime> clock) =>
            new MfaRequestHandler(store.Logins, () => Settings, new ChallengeStore(store.Logins, clock, () => Settings), NullLogger.Instance, clock,
                client => client.FirstFactor == FirstFactor.None ? null : Checker, serverId: id,
                deliveryChannels: Channels, sendLimits: ((SqlStore)store).SendLimits);

        /// <summary>The delivery channels both servers send codes through (a recording one per kind), as one provider shared by the pair.</summary>
        public Mfa.OutOfBand.RecordingChannels Channels { get; } = new Mfa.OutOfBand.RecordingChannels();

        public OtpToken Enrol(string userName)
        {
            var user = new MfaUser(userName);
            _storeA.Users.Add(user);
            var token = new OtpToken("token-" + userName, OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = user.Id };
            _storeA.Tokens.Add(token);
            return token;
        }

        public string CodeAt(OtpToken token, long stepOffset = 0) => OtpCalculator.TotpForStep(token, OtpCalculator.TimeStep(Now, token.Period) + stepOffset);

        /// <summary>A code of the right form that <paramref name="token"/> does not show now.</summary>
        public string WrongCodeAt(OtpToken token) => CodeAt(token) == "000000" ? "111111" : "000000";

        /// <summary>One Access-Request (PAP), signed, with a fresh Identifier and Request Authenticator: a new request, to send to one server or both.</summary>
        public RadiusPacket Request(string userName, string password, byte[]? state = null)
        {
            var authenticator = new byte[16];
            using (var random = System.Security.Cryptography.RandomNumberGenerator.Create()) random.GetBytes(authenticator);
            var request = new RadiusPacket(RadiusCode.AccessRequest, (byte)Interlocked.Increment(ref _identifier), authenticator);
            request.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, userName));
            if (state != null) request.Add(new RadiusAttribute(RadiusAttributeType.State, state));
            request.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(Encoding.UTF8.GetBytes(password), Secret, authenticator)));
            return request;
        }

        /// <summary>The datagram as <paramref name="server"/> receives it: parsed from its octets, as the listener does.</summary>
        public Task<AccessDecision> Send(MfaRequestHandler server, RadiusPacket request)
        {
            RadiusPacket.TryParse(request.Encode(), out var received);
            return server.DecideAsync(new AccessRequestContext(received!, Client, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5000), messageAuthenticated: true),
                CancellationToken.None);
        }

        /// <summary>The same request to both servers at once, as RAS active-active sends it.</summary>
        public async Task<(AccessDecision A, AccessDecision B)> SendToBoth(RadiusPacket request)
        {
            var answers = await Task.WhenAll(Send(A, request), Send(B, request)).ConfigureAwait(false);
            return (answers[0], answers[1]);
        }

        /// <summary>The audit log, oldest first.</summary>
        public System.Collections.Generic.IReadOnlyList<Audit.AuthenticationRecord> Audit() =>
            _storeA.AuditLog.Query(new Audit.AuthenticationLogQuery { Last = 1000 }).ToList();

        public MfaUser User(string name) => _storeA.Users.Get(name)!;

        public void Dispose()
        {
            Checker.Release();
            _store.Dispose();
        }
    }
}
