using System;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>A real store in a temporary folder, one client, and a handler whose clock the test moves.</summary>
    public sealed class MfaFixture : IDisposable
    {
        public static readonly byte[] Secret = Encoding.ASCII.GetBytes("mfa-fixture-shared-secret-0123");
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-mfa-" + Guid.NewGuid().ToString("N"));
        private byte _identifier;

        public MfaFixture(System.Func<RadiusClientDefinition, RasMfa.Engine.FirstFactors.IFirstFactorChecker?>? firstFactorFor = null,
            System.Func<LoginSubject?, RasMfa.Engine.Mfa.Methods.UserMethods>? methodsOf = null, Microsoft.Extensions.Logging.ILogger? logger = null,
            RasMfa.Engine.Delivery.IDeliveryChannels? channels = null)
        {
            Store = new SqliteStore(Path.Combine(_folder, "rasmfa.db"));
            Logins = new CountingLoginStore(Store.Logins);
            Client = new RadiusClientDefinition("ras", IpNetwork.Parse("192.0.2.0/24"), Secret);
            Challenges = new ChallengeStore(Logins, () => Now, () => Settings);
            Handler = new MfaRequestHandler(Logins, () => Settings, Challenges, logger ?? NullLogger.Instance, () => Now, firstFactorFor, methodsOf,
                deliveryChannels: channels, sendLimits: Store.SendLimits);
        }

        public SqliteStore Store { get; }

        /// <summary>The store's login path, counting its durable writes.</summary>
        public CountingLoginStore Logins { get; }
        public RadiusClientDefinition Client { get; }
        public MfaSettings Settings { get; set; } = new MfaSettings();

        /// <summary>Whether the requests carry a valid Message-Authenticator, as the listener tells the handler.</summary>
        public bool Signed { get; set; } = true;
        public ChallengeStore Challenges { get; }
        public DateTime Now { get; set; } = new DateTime(2026, 11, 28, 8, 0, 5, DateTimeKind.Utc);
        public MfaRequestHandler Handler { get; }

        public OtpToken Enrol(string userName, OtpTokenType type = OtpTokenType.Totp)
        {
            var user = new MfaUser(userName);
            Store.Users.Add(user);
            var token = new OtpToken("token-" + userName, type, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = user.Id };
            Store.Tokens.Add(token);
            return token;
        }

        public string CodeAt(OtpToken token, long stepOffset = 0) => OtpCalculator.TotpForStep(token, OtpCalculator.TimeStep(Now, token.Period) + stepOffset);

        public AccessDecision Pap(string userName, string password, byte[]? state = null, RadiusClientDefinition? client = null) =>
            PapAsync(userName, password, state, client).GetAwaiter().GetResult();

        /// <summary>A PAP request, decided by this fixture's handler or by <paramref name="handler"/> (another server on the same store).</summary>
        public System.Threading.Tasks.Task<AccessDecision> PapAsync(string userName, string password, byte[]? state = null, RadiusClientDefinition? client = null,
            IAccessRequestHandler? handler = null)
        {
            RadiusPacket request;
            lock (this) request = NewRequest(userName, state);
            client ??= Client;
            request.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(Encoding.UTF8.GetBytes(password), client.SharedSecret!, request.Authenticator)));
            return (handler ?? Handler).DecideAsync(new AccessRequestContext(request, client, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5000), Signed), CancellationToken.None);
        }

        /// <summary>A PAP request with the User-Name and password octets exactly as given (no UTF-8 encoding on the way).</summary>
        public AccessDecision PapOctets(byte[] userName, byte[] password, byte[]? state = null)
        {
            RadiusPacket request;
            lock (this) request = NewRequest("", state);
            request.Attributes.RemoveAll(a => a.Type == RadiusAttributeType.UserName);
            request.Add(new RadiusAttribute(RadiusAttributeType.UserName, userName));
            request.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(password, Client.SharedSecret!, request.Authenticator)));
            return Decide(request, Client);
        }

        /// <summary>A request whose User-Password attribute holds <paramref name="hiddenValue"/> as it is, hidden or not.</summary>
        public AccessDecision WithUserPasswordValue(string userName, byte[] hiddenValue)
        {
            RadiusPacket request;
            lock (this) request = NewRequest(userName, null);
            request.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, hiddenValue));
            return Decide(request, Client);
        }

        /// <summary>The request as the stages see it, for tests of one stage.</summary>
        public RasMfa.Engine.Mfa.Stages.LoginAttempt Attempt(string userName, string password, byte[]? state = null)
        {
            var request = NewRequest(userName, state);
            request.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(Encoding.UTF8.GetBytes(password), Client.SharedSecret!, request.Authenticator)));
            return new RasMfa.Engine.Mfa.Stages.LoginAttempt(new AccessRequestContext(request, Client, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5000), Signed), Settings, Now);
        }

        public AccessDecision Chap(string userName, string password, byte[]? state = null)
        {
            var request = NewRequest(userName, state);
            request.Add(new RadiusAttribute(RadiusAttributeType.ChapPassword, ChapPassword.Create(9, Encoding.UTF8.GetBytes(password), request.Authenticator)));
            return Decide(request, Client);
        }

        private RadiusPacket NewRequest(string userName, byte[]? state)
        {
            var authenticator = new byte[16];
            new Random(_identifier).NextBytes(authenticator);
            var request = new RadiusPacket(RadiusCode.AccessRequest, _identifier++, authenticator);
            request.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, userName));
            if (state != null) request.Add(new RadiusAttribute(RadiusAttributeType.State, state));
            return request;
        }

        private AccessDecision Decide(RadiusPacket request, RadiusClientDefinition client) =>
            Handler.DecideAsync(new AccessRequestContext(request, client, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5000), Signed), CancellationToken.None).GetAwaiter().GetResult();

        public string LastReason() => Store.AuditLog.Query(new Audit.AuthenticationLogQuery { Last = 1 })[0].Reason;

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
