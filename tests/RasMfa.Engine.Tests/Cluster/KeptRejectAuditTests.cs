using System;
using System.Linq;
using System.Threading.Tasks;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Cluster
{
    /// <summary>
    /// Review of issue 12's audit: a Reject answered from the kept answer (request_decision: a retransmission that outlived
    /// the duplicate cache, or the other server's copy of an active-active request) must be audited as an Accept is, once
    /// per decision and never once per copy sent. These show that it already is: the server that decides writes the one
    /// record in the decision's transaction, and a copy answered from the kept row writes nothing.
    /// </summary>
    public sealed class KeptRejectAuditTests : IDisposable
    {
        private TwoServers _s = null!;

        public void Dispose() => _s?.Dispose();

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_wrong_code_sent_to_both_servers_is_rejected_by_both_and_audited_once(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var request = _s.Request("alice", WrongCode(token));
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.A, request)).Code);
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.B, request)).Code);

            var audit = _s.Audit();
            Assert.Equal(new[] { "Reject" }, audit.Select(r => r.Result).ToArray());
            Assert.Equal(1, _s.B.Cluster.DecidedElsewhere);
            // One failure counted for the one decision, not one per copy.
            Assert.Equal(1, _s.User("alice").FailedAttempts);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_rejected_request_sent_again_to_the_same_server_is_answered_from_its_kept_answer_and_audited_once(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var request = _s.Request("alice", WrongCode(token));
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.A, request)).Code);
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.A, request)).Code);

            Assert.Single(_s.Audit());
            Assert.Equal(1, _s.User("alice").FailedAttempts);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_wrong_code_sent_to_both_servers_at_the_same_moment_is_audited_once(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var (a, b) = await _s.SendToBoth(_s.Request("alice", WrongCode(token)));
            Assert.Equal(RadiusCode.AccessReject, a.Code);
            Assert.Equal(RadiusCode.AccessReject, b.Code);

            Assert.Single(_s.Audit());
            Assert.Equal(1, _s.User("alice").FailedAttempts);
        }

        // A code of the right length that is none of the steps the window accepts.
        private string WrongCode(RasMfa.Engine.Tokens.OtpToken token)
        {
            var accepted = new[] { -1, 0, 1 }.Select(step => _s.CodeAt(token, step)).ToArray();
            for (int candidate = 0; ; candidate++)
            {
                var code = candidate.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
                if (!accepted.Contains(code)) return code;
            }
        }
    }
}
