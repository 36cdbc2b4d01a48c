using System;
using System.Linq;
using System.Text;
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
    /// Domain passwords count toward the lockout as codes do, and cannot outrun it: a known user's attempt is reserved in
    /// the store before the directory sees the password, so that of any number sent at once at most the threshold reach
    /// the directory, and a right password among them is never answered with a challenge once the user is locked.
    /// </summary>
    public sealed class PasswordLockoutTests : IDisposable
    {
        private const int Threshold = 10;
        private MfaFixture _f = new MfaFixture();

        public void Dispose() => _f.Dispose();

        /// <summary>A first factor that holds every check until <c>expected</c> have arrived (or a few seconds pass), as a slow DC would.</summary>
        private sealed class GateChecker : IFirstFactorChecker
        {
            private readonly int _expected;
            private readonly TaskCompletionSource<bool> _all = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            private int _arrived;

            public GateChecker(int expected) => _expected = expected;

            public int Checks => Volatile.Read(ref _arrived);

            public async Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken)
            {
                if (Interlocked.Increment(ref _arrived) >= _expected) _all.TrySetResult(true);
                await Task.WhenAny(_all.Task, Task.Delay(5000)).ConfigureAwait(false);
                return Encoding.UTF8.GetString(password) == "Correct horse 1"
                    ? new FirstFactorResult(FirstFactorOutcome.Accepted, "accepted")
                    : new FirstFactorResult(FirstFactorOutcome.Rejected, "rejected");
            }
        }

        private void UseDirectory(IFirstFactorChecker checker)
        {
            _f.Dispose();
            _f = new MfaFixture(client => client.FirstFactor == FirstFactor.Directory ? checker : null);
            _f.Client.FirstFactor = FirstFactor.Directory;
            _f.Settings = new MfaSettings { LockoutThreshold = Threshold, LockoutMinutes = 15 };
        }

        [Fact]
        public async Task Passwords_sent_at_once_are_not_checked_past_the_lockout_threshold()
        {
            const int guesses = 40;
            // Held until the threshold's worth have arrived, so that those checked are all in flight together.
            var gate = new GateChecker(Threshold);
            UseDirectory(gate);
            _f.Enrol("alice");
            var wrong = Enumerable.Range(0, guesses).Select(i => _f.PapAsync("alice", "guess " + i)).ToList();
            var right = _f.PapAsync("alice", "Correct horse 1");
            await Task.WhenAll(wrong.Append(right));
            var rightAnswer = await right;
            var user = _f.Store.Users.Get("alice")!;
            Assert.True(gate.Checks <= Threshold && rightAnswer.Code != RadiusCode.AccessChallenge,
                $"{gate.Checks} passwords were checked by the directory with threshold {Threshold}, and the right one got {rightAnswer.Code} (user locked: {user.IsLockedAt(_f.Now)})");
            Assert.True(user.IsLockedAt(_f.Now));
            Assert.Equal(Threshold, user.FailedAttempts);
            Assert.All(await Task.WhenAll(wrong), answer => Assert.Equal(RadiusCode.AccessReject, answer.Code));
        }

        [Fact]
        public void The_right_password_one_failure_short_of_the_threshold_does_not_lock_and_the_code_then_clears_the_count()
        {
            var checker = new RecordingChecker();
            UseDirectory(checker);
            var token = _f.Enrol("alice");
            for (int i = 0; i < Threshold - 1; i++) Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", "guess " + i).Code);
            Assert.Equal(Threshold - 1, _f.Store.Users.Get("alice")!.FailedAttempts);

            var challenge = _f.Pap("alice", "Correct horse 1");
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            var alice = _f.Store.Users.Get("alice")!;
            Assert.False(alice.IsLockedAt(_f.Now));
            Assert.Equal(Threshold - 1, alice.FailedAttempts);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", _f.CodeAt(token), challenge.State).Code);
            Assert.Equal(0, _f.Store.Users.Get("alice")!.FailedAttempts);
        }

        [Fact]
        public void A_wrong_password_at_the_threshold_locks_and_the_right_one_is_then_not_checked()
        {
            var checker = new RecordingChecker();
            UseDirectory(checker);
            _f.Enrol("alice");
            for (int i = 0; i < Threshold; i++) _f.Pap("alice", "guess " + i);
            Assert.True(_f.Store.Users.Get("alice")!.IsLockedAt(_f.Now));
            Assert.EndsWith("user now locked", _f.LastReason());
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", "Correct horse 1").Code);
            Assert.Equal(DecisionReason.Locked, _f.LastReason());
            Assert.Equal(Threshold, checker.Checked.Count);
        }

        // Failures never reset on a timer alone: once the lock runs out one more password is checked, and a wrong one locks again.
        [Fact]
        public void Once_the_lock_runs_out_one_password_is_checked_again()
        {
            var checker = new RecordingChecker();
            UseDirectory(checker);
            _f.Enrol("alice");
            for (int i = 0; i < Threshold; i++) _f.Pap("alice", "guess " + i);
            _f.Now += TimeSpan.FromMinutes(16);
            Assert.Equal(RadiusCode.AccessChallenge, _f.Pap("alice", "Correct horse 1").Code);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", "guess again").Code);
            Assert.True(_f.Store.Users.Get("alice")!.IsLockedAt(_f.Now));
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", "Correct horse 1").Code);
            Assert.Equal(DecisionReason.Locked, _f.LastReason());
            Assert.Equal(Threshold + 2, checker.Checked.Count);
        }

        // A directory that cannot answer checked nothing: the attempt reserved for it is given back.
        [Fact]
        public void A_password_the_directory_could_not_check_counts_nothing()
        {
            UseDirectory(new UnavailableChecker());
            _f.Enrol("alice");
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", "Correct horse 1").Code);
            Assert.Equal(0, _f.Store.Users.Get("alice")!.FailedAttempts);
        }

        // A store that cannot take the reservation in time (its write lock held elsewhere): the password is not checked,
        // and the login is answered as any login the store cannot record is (StoreUnavailableAnswer).
        [Fact]
        public async Task A_password_whose_attempt_the_store_cannot_reserve_is_not_checked()
        {
            var checker = new RecordingChecker();
            UseDirectory(checker);
            _f.Enrol("alice");
            _f.Settings = new MfaSettings { LockoutThreshold = Threshold, StoreUnavailableAnswer = StoreUnavailableAnswer.Reject };
            var handler = new MfaRequestHandler(new SwitchableLoginStore(_f.Store.Logins) { Unavailable = true }, () => _f.Settings, _f.Challenges,
                Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, () => _f.Now, client => checker);
            Assert.Equal(RadiusCode.AccessReject, (await _f.PapAsync("alice", "Correct horse 1", handler: handler)).Code);
            Assert.Empty(checker.Checked);
            Assert.Equal(1, handler.UnwrittenAudit.Unwritten);
        }

        private sealed class UnavailableChecker : IFirstFactorChecker
        {
            public Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken) =>
                Task.FromResult(new FirstFactorResult(FirstFactorOutcome.Unavailable, "no domain controller answered"));
        }
    }
}
