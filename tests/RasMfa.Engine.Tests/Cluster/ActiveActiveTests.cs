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
    /// Issue 12, RAS active-active: every request goes to both servers at once, octet for octet the same, and RAS takes the
    /// first answer. Both must give the same answer (never one Accept and one Reject), the code is used once, and the audit
    /// log has one record per decision, not per server.
    /// </summary>
    public sealed class ActiveActiveTests : TwoServersTests
    {
        [Theory, ClassData(typeof(BothStores))]
        public async Task A_code_sent_to_both_servers_is_accepted_by_both_used_once_and_audited_once(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var code = _s.CodeAt(token);
            var request = _s.Request("alice", code);
            var first = await _s.Send(_s.A, request);
            var second = await _s.Send(_s.B, request);
            Assert.Equal(RadiusCode.AccessAccept, first.Code);
            Assert.Equal(RadiusCode.AccessAccept, second.Code);
            Assert.Single(_s.Audit());
            Assert.Equal(1, _s.B.Cluster.DecidedElsewhere);
            // A new request with the same code (a real replay) is refused: the code was used once.
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.B, _s.Request("alice", code))).Code);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_code_sent_to_both_servers_at_the_same_moment_gets_one_answer_from_both(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            for (int login = 0; login < 5; login++)
            {
                _s.Now += TimeSpan.FromSeconds(30);
                var (a, b) = await _s.SendToBoth(_s.Request("alice", _s.CodeAt(token)));
                Assert.Equal(RadiusCode.AccessAccept, a.Code);
                Assert.Equal(RadiusCode.AccessAccept, b.Code);
            }
            var audit = _s.Audit();
            Assert.Equal(5, audit.Count);
            Assert.All(audit, record => Assert.Equal("Accept", record.Result));
            Assert.Equal(5, _s.A.Cluster.DecidedElsewhere + _s.B.Cluster.DecidedElsewhere);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task Two_rounds_sent_to_both_servers_get_the_same_State_and_then_both_accept(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var (roundOneA, roundOneB) = await _s.SendToBoth(_s.Request("alice", ""));
            Assert.Equal(RadiusCode.AccessChallenge, roundOneA.Code);
            Assert.Equal(RadiusCode.AccessChallenge, roundOneB.Code);
            Assert.Equal(roundOneA.State, roundOneB.State);
            Assert.Equal(roundOneA.ReplyMessage, roundOneB.ReplyMessage);

            var (roundTwoA, roundTwoB) = await _s.SendToBoth(_s.Request("alice", _s.CodeAt(token), roundOneA.State));
            Assert.Equal(RadiusCode.AccessAccept, roundTwoA.Code);
            Assert.Equal(RadiusCode.AccessAccept, roundTwoB.Code);
            Assert.Equal(new[] { "Challenge", "Accept" }, _s.Audit().Select(r => r.Result).ToArray());
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_wrong_code_sent_to_both_servers_counts_one_failure_and_both_ask_again_with_one_State(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var challenge = await _s.Send(_s.A, _s.Request("alice", ""));
            var wrong = _s.WrongCodeAt(token);
            var (a, b) = await _s.SendToBoth(_s.Request("alice", wrong, challenge.State));
            Assert.Equal(RadiusCode.AccessChallenge, a.Code);
            Assert.Equal(a.State, b.State);
            Assert.Equal(1, _s.User("alice").FailedAttempts);
            Assert.Equal(RadiusCode.AccessAccept, (await _s.Send(_s.B, _s.Request("alice", _s.CodeAt(token), a.State))).Code);
        }
    }
}
