using System.Net;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Cluster
{
    /// <summary>
    /// Review of decide-once (issue 12): rows of the shared store that a server cannot read (altered by hand, written by
    /// another RasMfa version, damaged): the login they name must still get an answer, never an Accept, and the server must
    /// not fault on every retransmission of it.
    /// </summary>
    public sealed class UnreadableSharedRowTests : TwoServersTests
    {
        [Theory, ClassData(typeof(BothStores))]
        public async Task A_challenge_whose_stored_reply_attributes_do_not_frame_is_refused_not_a_handler_fault(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var challenge = await _s.Send(_s.A, _s.Request("alice", ""));
            Execute("UPDATE challenge SET reply_attributes = @octets", ("@octets", new byte[] { 1, 0 }));

            AccessDecision? answer = null;
            var fault = await Record.ExceptionAsync(async () => answer = await _s.Send(_s.B, _s.Request("alice", _s.CodeAt(token), challenge.State)));
            Assert.Null(fault);
            Assert.Equal(RadiusCode.AccessReject, answer!.Code);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_kept_answer_this_version_does_not_know_is_not_withheld_for_every_retransmission(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var wrong = _s.WrongCodeAt(token);
            var request = _s.Request("alice", wrong);
            // Another RasMfa version decided this request first and kept an answer this one has no name for.
            var key = RequestKeys.Of(new AccessRequestContext(request, _s.Client, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5000), true));
            Execute("INSERT INTO request_decision (request_key, answer, claimed_by, claimed_utc, expires_utc) VALUES (@key, 'Discard', 'newer', '2026-11-28T08:00:05.0000000Z', '2099-01-01T00:00:00.0000000Z')",
                ("@key", key));

            AccessDecision? answer = null;
            var fault = await Record.ExceptionAsync(async () => answer = await _s.Send(_s.B, request));
            Assert.Null(fault);
            Assert.Equal(RadiusCode.AccessReject, answer!.Code);
        }

        private void Execute(string sql, params (string Name, object Value)[] parameters) => Assert.Equal(1, _s.Database.Execute(sql, parameters));
    }
}
