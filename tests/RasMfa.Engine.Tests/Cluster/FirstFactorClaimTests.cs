using System;
using System.Linq;
using System.Threading.Tasks;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Cluster
{
    /// <summary>
    /// Issue 12: a request whose domain password is checked here, sent to both servers of an active-active pair, reaches the
    /// directory (or upstream RADIUS server) once: the server that claimed it checks it, the other waits for its answer. A
    /// claim whose server died is taken over by a retransmission after DuplicateWaitSeconds, so the login is not lost.
    /// </summary>
    public sealed class FirstFactorClaimTests : TwoServersTests
    {
        [Theory, ClassData(typeof(BothStores))]
        public async Task The_same_password_request_to_both_servers_is_checked_once_and_both_send_the_same_challenge(StoreKind kind)
        {
            _s = new TwoServers(kind, FirstFactor.Directory, heldFirstFactor: true);
            _s.Enrol("alice");
            _s.Client.OtpMode = OtpMode.Challenge;
            var request = _s.Request("alice", HeldChecker.GoodPassword);
            var onA = _s.Send(_s.A, request);
            await _s.Checker.Asked;
            var onB = _s.Send(_s.B, request);
            // B finds A's claim and waits for A's answer; A's password check is still held.
            await Task.Delay(300);
            _s.Checker.Release();
            var (a, b) = (await onA, await onB);
            Assert.Equal(1, _s.Checker.Checks);
            Assert.Equal(RadiusCode.AccessChallenge, a.Code);
            Assert.Equal(RadiusCode.AccessChallenge, b.Code);
            Assert.Equal(a.State, b.State);
            Assert.Single(_s.Audit());
            Assert.Equal(1, _s.B.Cluster.DecidedElsewhere);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_wrong_password_sent_to_both_servers_is_checked_once_and_counted_once(StoreKind kind)
        {
            _s = new TwoServers(kind, FirstFactor.Directory, heldFirstFactor: true);
            _s.Enrol("alice");
            _s.Checker.Release();
            var (a, b) = await _s.SendToBoth(_s.Request("alice", "wrong password"));
            Assert.Equal(RadiusCode.AccessReject, a.Code);
            Assert.Equal(RadiusCode.AccessReject, b.Code);
            Assert.Equal(1, _s.Checker.Checks);
            Assert.Equal(1, _s.User("alice").FailedAttempts);
            Assert.Single(_s.Audit());
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_claim_whose_server_never_answers_is_taken_over_by_a_retransmission_after_the_lease(StoreKind kind)
        {
            _s = new TwoServers(kind, FirstFactor.Directory, heldFirstFactor: true);
            _s.Enrol("alice");
            _s.Client.OtpMode = OtpMode.Challenge;
            _s.Settings = new MfaSettings { DuplicateWaitSeconds = 1 };
            var request = _s.Request("alice", HeldChecker.GoodPassword);
            // A claims the request and hangs in its password check, as a server that died would leave it.
            var onA = _s.Send(_s.A, request);
            await _s.Checker.Asked;
            var waited = await _s.Send(_s.B, request);
            Assert.Equal(DropReason.AnswerAwaitedElsewhere, waited.DiscardReason);

            // RAS sends the request again after the claim's lease: B takes it over and decides it.
            _s.Now += TimeSpan.FromSeconds(2);
            var second = _s.Send(_s.B, request);
            while (_s.Checker.Checks < 2) await Task.Delay(20);
            _s.Checker.Release();
            var decided = await second;
            Assert.Equal(RadiusCode.AccessChallenge, decided.Code);
            Assert.Equal(1, _s.B.Cluster.ClaimsTakenOver);

            // Should A come back and finish, it sends B's answer and writes nothing of its own.
            var late = await onA;
            Assert.Equal(decided.State, late.State);
            Assert.Single(_s.Audit());
            // A's attempt, reserved before its password check, was given back: the login counted as one, and right.
            Assert.Equal(0, _s.User("alice").FailedAttempts);
        }
    }
}
