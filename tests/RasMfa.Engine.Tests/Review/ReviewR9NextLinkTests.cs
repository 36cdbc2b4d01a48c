#if NET
using System;
using RasMfa.Engine.Entra;
using RasMfa.Engine.Tests.Entra;
using RasMfa.EntraStub;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R9 (issue 15, item 3): a nextLink in a group's transitiveMembers page that points at the Graph host on another
    /// port. The delta reads refuse such a link (GraphEntraDirectory.OnGraph compares the authority, host and port); the
    /// import's paging goes through the SDK, whose token provider checks the host only.
    /// </summary>
    public sealed class ReviewR9NextLinkTests : IDisposable
    {
        private readonly GraphWithAnotherPort _stub = new GraphWithAnotherPort(elsewhere =>
            new StubResponse(200, "{\"@odata.nextLink\":\"" + elsewhere + "?$skiptoken=page2\",\"value\":[]}"));

        public void Dispose() => _stub.Dispose();

        [Fact]
        public void A_next_link_to_another_port_of_the_Graph_host_is_not_sent_the_bearer_token()
        {
            using var graph = _stub.OpenGraph();

            try { graph.TransitiveUsers(GraphScenario.GroupId); }
            catch (EntraGraphException) { } // refusing the link is the expected outcome

            Assert.False(_stub.ElsewhereGotBearerToken);
        }
    }
}
#endif
