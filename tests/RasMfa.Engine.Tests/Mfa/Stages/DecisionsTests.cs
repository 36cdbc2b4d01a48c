using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Stages;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa.Stages
{
    /// <summary>The decide stage: what follows from a checked code and what its write found.</summary>
    public sealed class DecisionsTests : System.IDisposable
    {
        private readonly MfaFixture _f = new MfaFixture();

        public void Dispose() => _f.Dispose();

        private LoginAttempt Attempt(int? challengeAttempts = null)
        {
            var attempt = _f.Attempt("alice", "123456");
            attempt.Subject = new LoginSubject(new MfaUser("alice") { Id = 5 }, (RasMfa.Engine.Tokens.OtpToken?)null);
            if (challengeAttempts.HasValue) attempt.Challenge = new PendingChallenge(new byte[16], 5, "alice", "ras", _f.Now.AddMinutes(1), challengeAttempts.Value);
            return attempt;
        }

        [Fact]
        public void A_code_used_up_now_is_accepted()
        {
            var verdict = Decisions.AfterCode(Attempt(), "TOTP/PAP", matched: true, new LoginSettlement(true, null));
            Assert.Equal((VerdictKind.Accept, DecisionReason.CodeAccepted, "alice"), (verdict.Kind, verdict.Reason, verdict.UserName));
        }

        [Fact]
        public void A_matching_code_used_before_is_a_replay()
        {
            var verdict = Decisions.AfterCode(Attempt(), "TOTP/PAP", matched: true, new LoginSettlement(false, new MfaUser("alice")));
            Assert.Equal((VerdictKind.Reject, DecisionReason.ReplayedCode), (verdict.Kind, verdict.Reason));
        }

        // Within a challenge the failure that locks is answered as a decoy's wrong code (an unknown name never locks), and the
        // challenge goes on as a decoy's; the audit log says the user is now locked.
        [Fact]
        public void A_failure_that_locked_the_user_within_a_challenge_is_asked_again_as_a_decoy_and_logged_as_the_lock()
        {
            var locked = new MfaUser("alice") { LockedUntilUtc = _f.Now.AddMinutes(15) };
            var verdict = Decisions.AfterCode(Attempt(challengeAttempts: 0), "TOTP/PAP", matched: false, new LoginSettlement(false, locked));
            Assert.Equal((VerdictKind.Challenge, 1, DecisionReason.Locked), (verdict.Kind, verdict.Attempts, verdict.DecoyRefusal));
            Assert.StartsWith(DecisionReason.NowLocked, verdict.Reason);
            Assert.StartsWith("Wrong code. ", verdict.Prompt);
            var last = Decisions.AfterCode(Attempt(challengeAttempts: _f.Settings.ChallengeMaxAttempts - 1), "TOTP/PAP", matched: false, new LoginSettlement(false, locked));
            Assert.Equal((VerdictKind.Reject, DecisionReason.NowLocked), (last.Kind, last.Reason));
        }

        [Fact]
        public void A_wrong_code_in_a_challenge_is_asked_again_until_the_attempts_are_spent()
        {
            var again = Decisions.AfterCode(Attempt(challengeAttempts: 0), "TOTP/PAP", matched: false, new LoginSettlement(false, new MfaUser("alice")));
            Assert.Equal((VerdictKind.Challenge, DecisionReason.WrongCodeRetry, 1), (again.Kind, again.Reason, again.Attempts));
            Assert.StartsWith("Wrong code. ", again.Prompt);
            var spent = Decisions.AfterCode(Attempt(challengeAttempts: _f.Settings.ChallengeMaxAttempts - 1), "TOTP/PAP", matched: false, new LoginSettlement(false, new MfaUser("alice")));
            Assert.Equal((VerdictKind.Reject, DecisionReason.WrongCode), (spent.Kind, spent.Reason));
        }

        [Fact]
        public void A_wrong_password_that_locked_the_user_says_so()
        {
            var locked = new MfaUser("alice") { LockedUntilUtc = _f.Now.AddMinutes(15) };
            Assert.Equal("bad password, user now locked", Decisions.AfterFirstFactorFailed(Attempt(), "bad password", "Radius/PAP", new LoginSettlement(false, locked)).Reason);
            Assert.Equal("bad password", Decisions.AfterFirstFactorFailed(Attempt(), "bad password", "Radius/PAP", new LoginSettlement(false, new MfaUser("alice"))).Reason);
        }
    }
}
