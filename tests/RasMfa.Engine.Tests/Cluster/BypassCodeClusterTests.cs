using System;
using System.Linq;
using System.Threading.Tasks;
using RasMfa.Engine.BypassCodes;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Cluster
{
    /// <summary>A single-use bypass code sent to two servers at once, in two requests (a replay across servers): one Accept.</summary>
    public sealed class BypassCodeClusterTests : TwoServersTests
    {
        [Theory, ClassData(typeof(BothStores))]
        public async Task A_single_use_code_sent_in_two_requests_to_two_servers_at_once_is_accepted_exactly_once(StoreKind kind)
        {
            _s = new TwoServers(kind);
            _s.Enrol("alice");
            var service = new BypassCodeService(_s.Store.BypassCodes, _s.Store.Users);
            for (int round = 0; round < 5; round++)
            {
                var code = service.New("alice", 1, TimeSpan.FromDays(1), 1, "admin", _s.Now, new RecordingReview())!.Single().Code;
                var answers = await Task.WhenAll(_s.Send(_s.A, _s.Request("alice", code)), _s.Send(_s.B, _s.Request("alice", code)));
                Assert.Equal(1, answers.Count(answer => answer.Code == RadiusCode.AccessAccept));
                Assert.Equal(1, answers.Count(answer => answer.Code == RadiusCode.AccessReject));
            }
            Assert.All(service.List("alice"), code => Assert.Equal(0, code.UsesLeft));
            Assert.Equal(5, _s.Audit().Count(record => record.Result == "Accept" && record.Method == "Bypass/PAP"));
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_code_made_on_one_server_logs_in_on_the_other(StoreKind kind)
        {
            _s = new TwoServers(kind);
            _s.Enrol("alice");
            var code = new BypassCodeService(_s.Store.BypassCodes, _s.Store.Users).New("alice", 1, TimeSpan.FromDays(1), 1, "admin", _s.Now, new RecordingReview())!.Single().Code;
            Assert.Equal(RadiusCode.AccessAccept, (await _s.Send(_s.B, _s.Request("alice", code))).Code);
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.A, _s.Request("alice", code))).Code);
        }
    }
}
