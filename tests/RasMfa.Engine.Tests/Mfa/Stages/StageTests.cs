using System.Threading;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Mfa.Stages;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Mfa.Methods;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa.Stages
{
    /// <summary>Each stage's own decision, on a request built as the handler builds it.</summary>
    public sealed class StageTests : System.IDisposable
    {
        private readonly MfaFixture _f = new MfaFixture();

        public void Dispose() => _f.Dispose();

        private static Verdict Final(Settlement? settlement)
        {
            Assert.NotNull(settlement);
            Assert.Same(LoginWrite.AuditOnly, settlement!.Write);
            return settlement.Decide(new LoginSettlement(false, null));
        }

        // A refusal of a request carrying a code settles as a decoy: the store writes as for a wrong code, for the same time.
        private static Verdict RefusedWithACode(Settlement? settlement)
        {
            Assert.NotNull(settlement);
            Assert.Same(LoginWrite.Decoy, settlement!.Write);
            return settlement.Decide(new LoginSettlement(false, null));
        }

        [Fact]
        public void Identify_refuses_a_state_it_never_issued_and_finds_the_user_and_methods_otherwise()
        {
            var identify = new IdentifyStage(_f.Logins, _f.Challenges);
            var unknown = Final(identify.RunAsync(_f.Attempt("alice", "123456", new byte[16]), CancellationToken.None).Result);
            Assert.Equal(VerdictKind.Reject, unknown.Kind);
            Assert.Equal(DecisionReason.UnknownState, unknown.Reason);

            _f.Enrol("CORP\\alice");
            var attempt = _f.Attempt("alice", "123456");
            Assert.Null(identify.RunAsync(attempt, CancellationToken.None).Result);
            Assert.Equal("CORP\\alice", attempt.User!.UserName);
            Assert.Equal("TOTP", attempt.Methods.Default!.Name);
        }

        [Fact]
        public void Identify_refuses_a_challenge_answered_as_another_user()
        {
            _f.Enrol("alice");
            _f.Enrol("bob");
            var state = _f.Pap("alice", "").State;
            var verdict = Final(new IdentifyStage(_f.Logins, _f.Challenges).RunAsync(_f.Attempt("bob", "123456", state), CancellationToken.None).Result);
            Assert.Equal(DecisionReason.ForeignState, verdict.Reason);
        }

        [Fact]
        public void Refuse_stops_a_disabled_user_and_answers_a_request_for_a_code_with_a_decoy()
        {
            var attempt = _f.Attempt("alice", "123456");
            attempt.Subject = new LoginSubject(new MfaUser("alice") { Enabled = false }, (RasMfa.Engine.Tokens.OtpToken?)null);
            var refused = RefusedWithACode(new RefuseStage().RunAsync(attempt, CancellationToken.None).Result);
            Assert.Equal((VerdictKind.Reject, DecisionReason.Disabled, "alice"), (refused.Kind, refused.Reason, refused.UserName));

            var asking = _f.Attempt("alice", "");
            asking.Subject = attempt.Subject;
            var decoy = Final(new RefuseStage().RunAsync(asking, CancellationToken.None).Result);
            Assert.Equal(VerdictKind.Challenge, decoy.Kind);
            Assert.Equal(DecisionReason.Disabled, decoy.DecoyRefusal);
            Assert.Null(decoy.UserName);
        }

        [Fact]
        public void Refuse_stops_a_locked_user_and_lets_others_through()
        {
            var attempt = _f.Attempt("alice", "123456");
            attempt.Subject = new LoginSubject(new MfaUser("alice") { LockedUntilUtc = _f.Now.AddMinutes(1) }, (RasMfa.Engine.Tokens.OtpToken?)null);
            Assert.Equal(DecisionReason.Locked, RefusedWithACode(new RefuseStage().RunAsync(attempt, CancellationToken.None).Result).Reason);
            attempt.Subject = new LoginSubject(new MfaUser("alice") { LockedUntilUtc = _f.Now }, (RasMfa.Engine.Tokens.OtpToken?)null);
            Assert.Null(new RefuseStage().RunAsync(attempt, CancellationToken.None).Result);
        }

        [Fact]
        public void User_match_refuses_or_lets_through_an_unknown_user_as_the_client_says()
        {
            var stage = new UserMatchStage();
            Assert.Equal(DecisionReason.UnknownUser, RefusedWithACode(stage.RunAsync(_f.Attempt("nobody", "123456"), CancellationToken.None).Result).Reason);
            _f.Client.RequireUserMatch = false;
            var allowed = Final(stage.RunAsync(_f.Attempt("nobody", "123456"), CancellationToken.None).Result);
            Assert.Equal((VerdictKind.Accept, DecisionReason.UnknownUserAllowed, "none"), (allowed.Kind, allowed.Reason, allowed.Method));
        }

        [Fact]
        public void Second_factor_begins_the_default_methods_challenge_when_asked_for_a_code_at_a_client_that_starts_it()
        {
            var sent = new FakeSentCodeMethod("SMS", "777777");
            // An empty password asks with the client's prompt and sends nothing (EmptyPasswordAction Challenge, the default)...
            var asked = _f.Attempt("alice", "");
            asked.Subject = new LoginSubject(new MfaUser("alice") { Id = 3 }, (RasMfa.Engine.Tokens.OtpToken?)null);
            asked.Methods = new UserMethods(new ISecondFactorMethod[] { sent, new FakeSentCodeMethod("EMAIL", "888888") });
            var prompt = Final(new SecondFactorStage().RunAsync(asked, CancellationToken.None).Result);
            Assert.Equal((VerdictKind.Challenge, DecisionReason.CodeRequested, (string?)null), (prompt.Kind, prompt.Reason, prompt.MethodName));
            Assert.Equal(0, sent.Sent);
            // ...and starts the default at once at a client set to StartDefault (RAS's "autosend").
            _f.Client.EmptyPasswordAction = RasMfa.Engine.Clients.EmptyPasswordAction.StartDefault;
            var attempt = _f.Attempt("alice", "");
            attempt.Subject = asked.Subject;
            attempt.Methods = asked.Methods;
            var verdict = Final(new SecondFactorStage().RunAsync(attempt, CancellationToken.None).Result);
            Assert.Equal((VerdictKind.Challenge, DecisionReason.CodeSent + " by SMS", "SMS", "777777", 3L),
                (verdict.Kind, verdict.Reason, verdict.MethodName, (string?)verdict.MethodData, verdict.ChallengeUserId));
            Assert.Equal(1, sent.Sent);
        }

        [Fact]
        public void Second_factor_counts_a_wrong_code_in_the_same_write_and_names_the_default_method()
        {
            var attempt = _f.Attempt("alice", "000000");
            attempt.Subject = new LoginSubject(new MfaUser("alice") { Id = 3 }, (RasMfa.Engine.Tokens.OtpToken?)null);
            attempt.Methods = new UserMethods(new ISecondFactorMethod[] { new FakeSentCodeMethod("SMS", "777777") });
            var settlement = new SecondFactorStage().RunAsync(attempt, CancellationToken.None).Result!;
            Assert.False(settlement.Write.Accepting);
            Assert.True(settlement.Write.IsCodeAttempt);
            Assert.Equal(3, settlement.Write.UserId);
            Assert.NotNull(settlement.Write.Lockout);
            var verdict = settlement.Decide(new LoginSettlement(false, new MfaUser("alice") { FailedAttempts = 1 }));
            Assert.Equal((VerdictKind.Reject, DecisionReason.WrongCode, "SMS/PAP"), (verdict.Kind, verdict.Reason, verdict.Method));
        }
    }
}
