using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa.Methods
{
    /// <summary>The second-factor seam through the whole pipeline: a method that sends its code out of band, and a user holding two methods.</summary>
    public sealed class MethodSeamTests
    {
        [Fact]
        public void A_method_that_sends_a_code_begins_the_challenge_and_verifies_its_own_code()
        {
            var email = new FakeSentCodeMethod("EMAIL", "424242");
            using var f = new MfaFixture(methodsOf: subject => subject == null ? UserMethods.None : new UserMethods(new ISecondFactorMethod[] { email }));
            f.Store.Users.Add(new MfaUser("alice"));
            // An empty password starts the default method at a client set so (RAS's "autosend"); by default it only asks.
            f.Client.EmptyPasswordAction = RasMfa.Engine.Clients.EmptyPasswordAction.StartDefault;

            var challenge = f.Pap("alice", "");
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            Assert.Equal("Enter the code sent to a•••@corp.example", challenge.ReplyMessage);
            Assert.Equal(1, email.Sent);

            var retry = f.Pap("alice", "111111", challenge.State);
            Assert.Equal(RadiusCode.AccessChallenge, retry.Code);
            Assert.Equal(DecisionReason.WrongCodeRetry, f.LastReason());
            Assert.Equal(RadiusCode.AccessAccept, f.Pap("alice", "424242", retry.State).Code);
            var record = f.Store.AuditLog.Query(new Audit.AuthenticationLogQuery { Last = 1 })[0];
            Assert.Equal("EMAIL/PAP", record.Method);
            Assert.Equal(1, email.Sent);
        }

        [Fact]
        public void A_sent_code_is_worth_nothing_outside_its_challenge()
        {
            var email = new FakeSentCodeMethod("EMAIL", "424242");
            using var f = new MfaFixture(methodsOf: subject => subject == null ? UserMethods.None : new UserMethods(new ISecondFactorMethod[] { email }));
            f.Store.Users.Add(new MfaUser("alice"));
            Assert.Equal(RadiusCode.AccessReject, f.Pap("alice", "424242").Code);
            Assert.Equal(DecisionReason.WrongCode, f.LastReason());
        }

        [Fact]
        public void A_user_holding_two_methods_logs_in_with_either_and_the_default_begins_challenges()
        {
            var email = new FakeSentCodeMethod("EMAIL", "424242");
            using var f = new MfaFixture(methodsOf: subject => subject?.Token == null ? UserMethods.None
                : new UserMethods(new ISecondFactorMethod[] { new TotpMethod(subject.Token), email }));
            var totp = f.Enrol("alice");

            Assert.Equal(RadiusCode.AccessAccept, f.Pap("alice", f.CodeAt(totp)).Code);
            Assert.Equal("TOTP/PAP", f.Store.AuditLog.Query(new Audit.AuthenticationLogQuery { Last = 1 })[0].Method);

            // The default (TOTP) sends nothing: the client's prompt is shown; the code the e-mail method never sent is wrong.
            var challenge = f.Pap("alice", "");
            Assert.Equal(MfaSettings.StandardPrompt, challenge.ReplyMessage);
            Assert.Equal(0, email.Sent);
            Assert.Equal(RadiusCode.AccessChallenge, f.Pap("alice", "424242", challenge.State).Code);
            Assert.Equal("TOTP/PAP", f.Store.AuditLog.Query(new Audit.AuthenticationLogQuery { Last = 1 })[0].Method);
        }

        [Fact]
        public void A_users_methods_are_the_tokens_they_hold_in_the_stores_order_the_first_the_default()
        {
            var first = new OtpToken("T1", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1));
            var second = new OtpToken("T2", OtpTokenType.Hotp, OtpSecrets.Generate(OtpAlgorithm.Sha1));
            var methods = UserMethods.Of(new LoginSubject(new MfaUser("alice"), new[] { first, second }));
            Assert.Equal(new[] { "TOTP", "HOTP" }, System.Linq.Enumerable.Select(methods.All, m => m.Name));
            Assert.Equal("TOTP", methods.Default!.Name);
            Assert.Same(UserMethods.None, UserMethods.Of(null));
        }
    }
}
