using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Mfa.OutOfBand;
using RasMfa.Engine.Tests.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Cluster
{
    /// <summary>A mailed enrolment confirmed at login on two servers sharing a store (SQLite, PostgreSQL): once, whichever server.</summary>
    public sealed class EnrollmentAtLoginClusterTests : TwoServersTests
    {
        private OtpToken MailedTo(string userName)
        {
            if (_s.Store.Users.Get(userName) == null) _s.Store.Users.Add(new MfaUser(userName) { Email = userName + "@corp.example" });
            var sent = new MailedEnrollmentService(_s.Store.Tokens, _s.Store.Users, _s.Store.Settings, _s.Store.AuditLog)
                .SendAsync(userName, null, "RasMfa", new RecordingChannels(DeliveryKind.Email), _s.Now, "admin", new RecordingReview(), CancellationToken.None)
                .GetAwaiter().GetResult()!;
            return _s.Store.Tokens.GetBySerial(sent.PendingSerial)!;
        }

        private string[] TokensOf(string userName) => _s.Store.Users.TokenSerialsOf(_s.User(userName).Id).ToArray();

        [Theory, ClassData(typeof(BothStores))]
        public async Task Password_on_one_server_then_the_mailed_code_on_the_other_confirms_the_enrolment(StoreKind kind)
        {
            _s = new TwoServers(kind, FirstFactor.Directory);
            _s.Client.OtpMode = OtpMode.Challenge;
            _s.Checker.Release();
            var app = MailedTo("alice");

            var challenge = await _s.Send(_s.A, _s.Request("alice", HeldChecker.GoodPassword));
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            var accept = await _s.Send(_s.B, _s.Request("alice", _s.CodeAt(app), challenge.State));

            Assert.Equal(RadiusCode.AccessAccept, accept.Code);
            var serial = Assert.Single(TokensOf("alice"));
            Assert.Null(_s.Store.Tokens.GetBySerial(app.Serial));
            Assert.Contains(_s.Audit(), record => record.Result == "Accept" && record.Reason.Contains(DecisionReason.EnrollmentConfirmedAtLogin) && record.Reason.Contains(serial));
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task The_mailed_code_in_two_requests_to_two_servers_at_once_confirms_once_and_is_accepted_once(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var app = MailedTo("alice");
            var code = _s.CodeAt(app);

            var answers = await Task.WhenAll(_s.Send(_s.A, _s.Request("alice", code)), _s.Send(_s.B, _s.Request("alice", code)));

            Assert.Equal(1, answers.Count(answer => answer.Code == RadiusCode.AccessAccept));
            Assert.Equal(1, answers.Count(answer => answer.Code == RadiusCode.AccessReject));
            Assert.Single(TokensOf("alice"));
            Assert.Single(_s.Audit(), record => record.Reason.Contains(DecisionReason.EnrollmentConfirmedAtLogin));
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_retransmission_to_both_servers_gets_the_one_Accept_and_confirms_once(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var app = MailedTo("alice");

            var (a, b) = await _s.SendToBoth(_s.Request("alice", _s.CodeAt(app)));

            Assert.Equal(RadiusCode.AccessAccept, a.Code);
            Assert.Equal(RadiusCode.AccessAccept, b.Code);
            Assert.Single(TokensOf("alice"));
            Assert.Single(_s.Audit(), record => record.Reason.Contains(DecisionReason.EnrollmentConfirmedAtLogin));
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task The_listeners_cleanup_removes_pending_enrolments_past_EnrollmentPendingHours_and_keeps_the_rest(StoreKind kind)
        {
            _s = new TwoServers(kind);
            _s.Store.Settings.Set(new MfaSettings { EnrollmentPendingHours = 2 });
            var old = MailedTo("alice");
            _s.Now = _s.Now.AddHours(1);
            var live = MailedTo("bob");
            var unassigned = new OtpToken("HW-SPARE", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { CreatedUtc = _s.Now.AddDays(-30) };
            _s.Store.Tokens.Add(unassigned);
            _s.Now = _s.Now.AddHours(1).AddMinutes(1);

            await _s.Store.Logins.PurgeExpiredAsync(_s.Now, 500);

            Assert.Null(_s.Store.Tokens.GetBySerial(old.Serial));
            Assert.NotNull(_s.Store.Tokens.GetBySerial(live.Serial));
            Assert.NotNull(_s.Store.Tokens.GetBySerial("HW-SPARE"));
        }
    }
}
