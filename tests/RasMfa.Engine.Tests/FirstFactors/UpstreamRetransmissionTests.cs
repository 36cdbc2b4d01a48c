using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Client;
using Xunit;

namespace RasMfa.Engine.Tests.FirstFactors
{
    /// <summary>
    /// A request lost on the way is sent again after the timeout, and the reply to that retransmission must be taken: the
    /// wait of the attempt that timed out must not swallow it. Checked for the first factor against an upstream RADIUS
    /// server and for Test-RasMfaAuthentication, which send through the same exchange.
    /// </summary>
    public sealed class UpstreamRetransmissionTests : IDisposable
    {
        private readonly FakeUpstream _upstream = new FakeUpstream();
        private int _received;

        public UpstreamRetransmissionTests()
        {
            // The first copy is "lost" (no answer); the retransmission, the same bytes, is answered with a signed Accept.
            _upstream.Answer = request => Interlocked.Increment(ref _received) == 1
                ? new byte[0][]
                : new[] { FakeUpstream.Signed(request, RadiusCode.AccessAccept) };
        }

        public void Dispose() => _upstream.Dispose();

        [Fact]
        public async Task When_the_first_request_is_lost_the_upstream_servers_reply_to_the_retransmission_accepts_the_password()
        {
            var server = new UpstreamRadiusServer("nps", "127.0.0.1", FakeUpstream.Secret) { Port = _upstream.Port, TimeoutSeconds = 1, Retries = 1 };
            var result = await new UpstreamRadiusChecker(new[] { server }).CheckAsync("alice", Encoding.UTF8.GetBytes("password"), CancellationToken.None);
            Assert.Equal(2, Volatile.Read(ref _received));
            Assert.True(result.Outcome == FirstFactorOutcome.Accepted, $"{result.Outcome}: {result.Reason}");
        }

        [Fact]
        public async Task When_the_first_request_is_lost_test_authentication_reports_the_reply_to_the_retransmission()
        {
            var request = new AuthenticationTestRequest
            {
                Port = _upstream.Port,
                SharedSecret = FakeUpstream.Secret,
                UserName = "alice",
                Password = Encoding.UTF8.GetBytes("password"),
                Timeout = TimeSpan.FromSeconds(1),
                Retries = 1,
            };
            var result = await AuthenticationTest.RunAsync(request, null, CancellationToken.None);
            Assert.Equal(2, Volatile.Read(ref _received));
            Assert.True(result.Accepted, $"answered {result.Code}");
        }
    }
}
