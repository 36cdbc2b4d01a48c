using System;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.BypassCodes;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Mfa;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R8: a push round the server is too busy to hold (MaxHeldPushRequests*) is not counted against the user. The
    /// same round also tries the password as a bypass code ("a lost phone's bypass code answers any challenge"): a wrong
    /// bypass code sent in a busy push round must still count toward the lockout, or filling the held-round cap lets an
    /// attacker guess bypass codes without ever locking the user.
    /// </summary>
    public sealed class ReviewR8PushBusyLockoutTests
    {
        // Push as the pipeline sees it, whose round two is answered as the test says (busy, or failed as a timeout is).
        private sealed class ScriptedPush : IPushMethod
        {
            public SingleRoundAnswer Answer { get; set; } = SingleRoundAnswer.Busy("push round not held (test)");

            public string Name => "Push";

            public int CodeLength => 0;

            public bool HasChannel => true;

            public bool Reaches(MfaUser user) => true;

            public Task<ChallengeStart?> BeginAsync(MethodRequest request, CancellationToken cancellationToken) =>
                Task.FromResult<ChallengeStart?>(new ChallengeStart("Open the link sent to your phone and pick 42, then press OK.", "approval-1"));

            public Task<MethodMatch?> VerifyAsync(CodeResponse response, MethodRequest request, CancellationToken cancellationToken) => Task.FromResult<MethodMatch?>(null);

            public Task<SingleRoundAnswer> AnswerAsync(CodeResponse response, MethodRequest request, CancellationToken cancellationToken) =>
                Task.FromResult(request.ChallengeData == null ? SingleRoundAnswer.Unknown : Answer);
        }

        private static MfaFixture PushUserWithABypassCode(ScriptedPush push)
        {
            var f = new MfaFixture(methodsOf: subject => UserMethods.Of(subject, Engine.Delivery.ConfiguredDeliveryChannels.None, null, push));
            f.Client.AllowedMethods = new[] { MethodKind.Totp, MethodKind.Hotp, MethodKind.Push };
            f.Client.EmptyPasswordAction = EmptyPasswordAction.StartDefault;
            f.Store.Users.Add(new MfaUser("alice") { Methods = new[] { MethodKind.Push }, DefaultMethod = MethodKind.Push });
            new BypassCodeService(f.Store.BypassCodes, f.Store.Users).New("alice", 1, TimeSpan.FromDays(1), 1, "admin", f.Now, new RecordingReview());
            return f;
        }

        private static AccessDecision PushRoundWithABypassGuess(MfaFixture f)
        {
            var first = f.Pap("alice", "");
            Assert.Equal(RadiusCode.AccessChallenge, first.Code);
            return f.Pap("alice", "000000000000", first.State);
        }

        [Fact]
        public void Control_a_wrong_bypass_code_in_a_push_round_that_was_held_counts_one_failure()
        {
            var push = new ScriptedPush { Answer = SingleRoundAnswer.Failed("push not decided (test)") };
            using var f = PushUserWithABypassCode(push);
            Assert.Equal(RadiusCode.AccessReject, PushRoundWithABypassGuess(f).Code);
            Assert.Equal(1, f.Store.Users.Get("alice")!.FailedAttempts);
        }

        [Fact]
        public void A_wrong_bypass_code_in_a_push_round_refused_as_busy_still_counts_toward_the_lockout()
        {
            var push = new ScriptedPush();
            using var f = PushUserWithABypassCode(push);
            for (int i = 0; i < 3; i++) Assert.Equal(RadiusCode.AccessReject, PushRoundWithABypassGuess(f).Code);
            // Three bypass-code guesses: each must count, whatever the push round's fate.
            Assert.Equal(3, f.Store.Users.Get("alice")!.FailedAttempts);
        }
    }
}
