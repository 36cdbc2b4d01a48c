using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// A login holds its read of the user while a slow first factor (AD, NPS) answers. A lock, a disable or a token taken
    /// away meanwhile must stop its Accept, and a right code must never lift a lock counted in the meantime.
    /// </summary>
    public sealed class InFlightChangeTests
    {
        // Holds the first login's first factor until released; later logins pass at once.
        private sealed class HeldFirstFactor : IFirstFactorChecker
        {
            private int _calls;

            public TaskCompletionSource<bool> Entered { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            public TaskCompletionSource<bool> Release { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            public async Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken)
            {
                if (Interlocked.Increment(ref _calls) == 1)
                {
                    Entered.TrySetResult(true);
                    await Release.Task.ConfigureAwait(false);
                }
                return new FirstFactorResult(FirstFactorOutcome.Accepted, "password accepted");
            }
        }

        private static (MfaFixture Fixture, HeldFirstFactor FirstFactor) PasswordPlusCode(int lockoutThreshold = 10)
        {
            var held = new HeldFirstFactor();
            var fixture = new MfaFixture(_ => held);
            fixture.Client.FirstFactor = FirstFactor.UpstreamRadius;
            fixture.Client.OtpMode = OtpMode.Appended;
            fixture.Settings = new MfaSettings { LockoutThreshold = lockoutThreshold };
            return (fixture, held);
        }

        [Fact]
        public async Task A_right_code_in_flight_when_the_user_is_locked_is_rejected_and_the_lock_stays()
        {
            var (f, held) = PasswordPlusCode(lockoutThreshold: 3);
            using (f)
            {
                var token = f.Enrol("alice");
                var guess = f.PapAsync("alice", "pw" + f.CodeAt(token));
                await held.Entered.Task;
                for (int i = 0; i < 3; i++) await f.PapAsync("alice", "pw000000");
                Assert.True(f.Store.Users.Get("alice")!.IsLockedAt(f.Now));

                held.Release.SetResult(true);
                Assert.Equal(RadiusCode.AccessReject, (await guess).Code);
                Assert.Equal(DecisionReason.Locked, f.LastReason());
                Assert.True(f.Store.Users.Get("alice")!.IsLockedAt(f.Now));
            }
        }

        [Fact]
        public async Task A_right_code_in_flight_when_the_user_is_disabled_is_rejected()
        {
            var (f, held) = PasswordPlusCode();
            using (f)
            {
                var token = f.Enrol("alice");
                var login = f.PapAsync("alice", "pw" + f.CodeAt(token));
                await held.Entered.Task;
                var alice = f.Store.Users.Get("alice")!;
                alice.Enabled = false;
                f.Store.Users.Update(alice);

                held.Release.SetResult(true);
                Assert.Equal(RadiusCode.AccessReject, (await login).Code);
                Assert.Equal(DecisionReason.Disabled, f.LastReason());
            }
        }

        [Fact]
        public async Task A_right_code_in_flight_when_the_token_is_taken_away_is_rejected()
        {
            var (f, held) = PasswordPlusCode();
            using (f)
            {
                var token = f.Enrol("alice");
                var login = f.PapAsync("alice", "pw" + f.CodeAt(token));
                await held.Entered.Task;
                f.Store.Tokens.Assign(token.Serial, null);

                held.Release.SetResult(true);
                Assert.Equal(RadiusCode.AccessReject, (await login).Code);
                Assert.Equal(DecisionReason.NotEnrolled, f.LastReason());
            }
        }

        [Fact]
        public async Task Without_changes_in_flight_the_held_login_is_still_accepted()
        {
            var (f, held) = PasswordPlusCode();
            using (f)
            {
                var token = f.Enrol("alice");
                var login = f.PapAsync("alice", "pw" + f.CodeAt(token));
                await held.Entered.Task;
                held.Release.SetResult(true);
                Assert.Equal(RadiusCode.AccessAccept, (await login).Code);
            }
        }
    }
}
