using System;
using System.Linq;
using System.Threading.Tasks;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Cluster
{
    /// <summary>
    /// Issue 12, RAS active-passive: round two of a challenge may reach the other server. Challenges live in the store, so
    /// either server finishes what the other started; a State is still used once, and replays and failures count across
    /// servers as on one.
    /// </summary>
    public sealed class FailoverTests : TwoServersTests
    {
        [Theory, ClassData(typeof(BothStores))]
        public async Task A_challenge_started_on_one_server_is_finished_on_the_other(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var challenge = await _s.Send(_s.A, _s.Request("alice", ""));
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            Assert.Equal(RadiusCode.AccessAccept, (await _s.Send(_s.B, _s.Request("alice", _s.CodeAt(token), challenge.State))).Code);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_State_used_on_one_server_is_refused_on_the_other_in_a_new_request(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var challenge = await _s.Send(_s.A, _s.Request("alice", ""));
            Assert.Equal(RadiusCode.AccessAccept, (await _s.Send(_s.B, _s.Request("alice", _s.CodeAt(token), challenge.State))).Code);
            _s.Now += TimeSpan.FromSeconds(30);
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.A, _s.Request("alice", _s.CodeAt(token), challenge.State))).Code);
            Assert.Equal(RasMfa.Engine.Mfa.DecisionReason.UnknownState, _s.Audit().Last().Reason);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_decoy_challenge_started_on_one_server_goes_on_on_the_other_as_an_enrolled_users_wrong_code_does(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var real = await _s.Send(_s.A, _s.Request("alice", ""));
            var decoy = await _s.Send(_s.A, _s.Request("mallory", ""));
            var wrong = _s.WrongCodeAt(token);
            var realAgain = await _s.Send(_s.B, _s.Request("alice", wrong, real.State));
            var decoyAgain = await _s.Send(_s.B, _s.Request("mallory", wrong, decoy.State));
            Assert.Equal(RadiusCode.AccessChallenge, realAgain.Code);
            Assert.Equal(realAgain.Code, decoyAgain.Code);
            Assert.Equal(realAgain.ReplyMessage, decoyAgain.ReplyMessage);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_replayed_code_is_refused_on_both_servers(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var code = _s.CodeAt(token);
            Assert.Equal(RadiusCode.AccessAccept, (await _s.Send(_s.A, _s.Request("alice", code))).Code);
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.A, _s.Request("alice", code))).Code);
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.B, _s.Request("alice", code))).Code);
            Assert.Equal(new[] { "Accept", "Reject", "Reject" }, _s.Audit().Select(r => r.Result).ToArray());
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task Wrong_codes_on_either_server_add_up_to_one_lockout(StoreKind kind)
        {
            _s = new TwoServers(kind);
            _s.Settings = new MfaSettings { LockoutThreshold = 4 };
            var token = _s.Enrol("alice");
            var wrong = _s.WrongCodeAt(token);
            for (int i = 0; i < 4; i++) await _s.Send(i % 2 == 0 ? _s.A : _s.B, _s.Request("alice", wrong));
            Assert.True(_s.User("alice").IsLockedAt(_s.Now));
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.B, _s.Request("alice", _s.CodeAt(token)))).Code);
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.A, _s.Request("alice", _s.CodeAt(token)))).Code);
        }
    }
}
