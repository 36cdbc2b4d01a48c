using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// A right password's reserved attempt is given back by the login's own write. When that write cannot be made (the
    /// store's write lock held by another process), the answer is withheld (StoreUnavailableAnswer Silence) and the RADIUS
    /// client sends again: the attempt each send reserved is given back once the store takes writes again, so a user who
    /// typed the right password is not locked out by their own client's retries.
    /// </summary>
    public sealed class WithheldAnswerReservationTests : IDisposable
    {
        private const int Threshold = 3;
        private readonly MfaFixture _f;
        private readonly RecordingChecker _checker = new RecordingChecker();

        public WithheldAnswerReservationTests()
        {
            _f = new MfaFixture(client => _checker);
            _f.Client.FirstFactor = FirstFactor.Directory;
            _f.Settings = new MfaSettings { LockoutThreshold = Threshold, StoreUnavailableAnswer = StoreUnavailableAnswer.Silence };
        }

        public void Dispose() => _f.Dispose();

        /// <summary>Reservations go in; the login's settling write finds the store's write lock held elsewhere.</summary>
        private sealed class SettleFailsStore : DelegatingLoginStore
        {
            public SettleFailsStore(ILoginStore inner) : base(inner) { }
            public volatile bool SettleFails = true;
            public override Task<LoginSettlement> SettleAsync(LoginWrite write, DecidedRequest? request, Func<LoginSettlement, LoginRecord> describe) => SettleFails
                ? Task.FromException<LoginSettlement>(new TimeoutException("The store's write lock was not free in time (test)."))
                : base.SettleAsync(write, request, describe);
        }

        [Fact]
        public async Task A_right_password_whose_answer_was_withheld_and_sent_again_does_not_lock_the_user()
        {
            _f.Enrol("alice");
            var store = new SettleFailsStore(_f.Store.Logins);
            var handler = new MfaRequestHandler(store, () => _f.Settings, _f.Challenges, NullLogger.Instance, () => _f.Now, client => _checker);
            // The client's first send and its retransmissions (RAS retries), each withheld.
            for (int send = 0; send < Threshold; send++)
                await Assert.ThrowsAsync<AnswerWithheldException>(() => _f.PapAsync("alice", "Correct horse 1", handler: handler));
            store.SettleFails = false;
            var alice = _f.Store.Users.Get("alice")!;
            var next = await _f.PapAsync("alice", "Correct horse 1", handler: handler);
            Assert.True(alice.FailedAttempts == 0 && next.Code == RadiusCode.AccessChallenge,
                $"after {Threshold} withheld sends of the right password the user has {alice.FailedAttempts} failures (locked: {alice.IsLockedAt(_f.Now)}), " +
                $"and the right password, the store back, gets {next.Code} ({_f.LastReason()})");
        }

        [Fact]
        public async Task A_wrong_password_whose_answer_was_withheld_still_counts_toward_the_lockout()
        {
            _f.Enrol("alice");
            var store = new SettleFailsStore(_f.Store.Logins);
            var handler = new MfaRequestHandler(store, () => _f.Settings, _f.Challenges, NullLogger.Instance, () => _f.Now, client => _checker);
            for (int send = 0; send < Threshold; send++)
                await Assert.ThrowsAsync<AnswerWithheldException>(() => _f.PapAsync("alice", "wrong " + send, handler: handler));
            store.SettleFails = false;
            var next = await _f.PapAsync("alice", "Correct horse 1", handler: handler);
            var alice = _f.Store.Users.Get("alice")!;
            Assert.True(alice.IsLockedAt(_f.Now) && next.Code == RadiusCode.AccessReject,
                $"{Threshold} withheld wrong passwords left {alice.FailedAttempts} failures (locked: {alice.IsLockedAt(_f.Now)}); the right password then got {next.Code} ({_f.LastReason()})");
            Assert.Equal(0, handler.GiveBacks.Waiting);
        }

        /// <summary>A first factor that fails outright (not a Reject, not Unavailable): the login ends in an exception.</summary>
        private sealed class ThrowingChecker : RasMfa.Engine.FirstFactors.IFirstFactorChecker
        {
            public Task<RasMfa.Engine.FirstFactors.FirstFactorResult> CheckAsync(string userName, byte[] password, System.Threading.CancellationToken cancellationToken) =>
                Task.FromException<RasMfa.Engine.FirstFactors.FirstFactorResult>(new InvalidOperationException("the first factor failed (test)"));
        }

        [Fact]
        public async Task Logins_that_failed_before_the_password_was_judged_do_not_lock_the_user()
        {
            _f.Enrol("alice");
            var failing = new MfaRequestHandler(_f.Logins, () => _f.Settings, _f.Challenges, NullLogger.Instance, () => _f.Now, client => new ThrowingChecker());
            for (int send = 0; send < Threshold; send++)
                await Assert.ThrowsAsync<InvalidOperationException>(() => _f.PapAsync("alice", "Correct horse 1", handler: failing));
            // Give-backs are written one at a time, after the login that kept them; the last may still be on its way.
            for (var deadline = DateTime.UtcNow.AddSeconds(5); _f.Store.Users.Get("alice")!.FailedAttempts > 0 && DateTime.UtcNow < deadline;)
                await Task.Delay(10);
            var next = await _f.PapAsync("alice", "Correct horse 1");
            var alice = _f.Store.Users.Get("alice")!;
            Assert.True(alice.FailedAttempts == 0 && next.Code == RadiusCode.AccessChallenge,
                $"after {Threshold} logins whose first factor threw, the user has {alice.FailedAttempts} failures; the right password then got {next.Code} ({_f.LastReason()})");
        }
    }
}
