using System;
using System.Threading;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Mfa;
using RasMfa.Engine.Tests.Mfa.OutOfBand;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>Review R6: a mailed enrolment (ENROL-*) is usable only through Confirm-RasMfaEnrollment, by its own user.</summary>
    public sealed class PendingEnrollmentAttackTests : IDisposable
    {
        private readonly MfaFixture _f = new MfaFixture();
        private readonly MailedEnrollmentService _enrollment;

        public PendingEnrollmentAttackTests()
        {
            _enrollment = new MailedEnrollmentService(_f.Store.Tokens, _f.Store.Users, _f.Store.Settings, _f.Store.AuditLog);
            _f.Store.Users.Add(new MfaUser("alice") { Email = "alice@corp.example" });
            _f.Store.Users.Add(new MfaUser("bob"));
        }

        public void Dispose() => _f.Dispose();

        private OtpToken MailedTo(string userName)
        {
            var sent = _enrollment.SendAsync(userName, null, "RasMfa", new RecordingChannels(), _f.Now, "tester", new RecordingReview(), CancellationToken.None).GetAwaiter().GetResult()!;
            return _f.Store.Tokens.GetBySerial(sent.PendingSerial)!;
        }

        [Fact]
        public void Set_RasMfaUser_TokenSerial_cannot_give_bob_the_enrolment_mailed_to_alice_unconfirmed()
        {
            var pending = MailedTo("alice");
            var users = new UserService(_f.Store.Users, () => _f.Now);
            // Whoever reads alice's mail (or a help desk script assigning "unassigned" tokens) must not get a login without the confirmation.
            Assert.Throws<EngineException>(() => users.Change("bob", new UserChanges { TokenSerial = pending.Serial }, new RecordingReview()));
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("bob", _f.CodeAt(pending)).Code);
        }

        [Fact]
        public void Set_RasMfaUser_TokenSerial_cannot_activate_an_expired_mailed_enrolment_without_its_confirmation()
        {
            var pending = MailedTo("alice");
            _f.Now += MailedEnrollmentService.PendingLifetime(new RasMfa.Engine.Configuration.MfaSettings()) + TimeSpan.FromDays(1);
            var users = new UserService(_f.Store.Users, () => _f.Now);
            Assert.Throws<EngineException>(() => users.Change("alice", new UserChanges { TokenSerial = pending.Serial }, new RecordingReview()));
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", _f.CodeAt(pending)).Code);
        }

        [Fact]
        public void The_enrolment_mailed_to_a_removed_user_cannot_be_confirmed_for_the_next_user_created()
        {
            // Carol, the newest user, leaves before confirming: her rows go, her pending enrolment stays (an unassigned token).
            _f.Store.Users.Add(new MfaUser("carol") { Email = "carol@corp.example" });
            var pending = MailedTo("carol");
            var carolsId = _f.Store.Users.Get("carol")!.Id;
            _f.Store.Users.Remove("carol");
            _f.Store.Users.Add(new MfaUser("mallory") { Email = "mallory@corp.example" });
            _f.Store.Users.Add(new MfaUser("zed"));
            // The ex-employee's phone still shows codes of the secret mailed to carol: they must not become a new user's token.
            foreach (var name in new[] { "mallory", "zed" })
            {
                Assert.ThrowsAny<Exception>(() => _enrollment.Confirm(name, _f.CodeAt(pending), _f.Now, new RecordingReview()));
            }
            // (SQLite's INTEGER PRIMARY KEY gives the newest removed user's id to the next user.)
            Assert.Equal(carolsId, _f.Store.Users.Get("mallory")!.Id);
        }
    }
}
