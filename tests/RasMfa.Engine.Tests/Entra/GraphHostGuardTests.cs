#if NET
using System;
using RasMfa.Engine.Entra;
using RasMfa.EntraStub;
using Xunit;

namespace RasMfa.Engine.Tests.Entra
{
    /// <summary>
    /// Review R9: Graph's pipeline follows a redirect to another port of Graph's host (its redirect handler drops the
    /// Authorization header then, which GraphHostGuard does not rely on): no request leaves for anywhere but Graph.
    /// </summary>
    public sealed class GraphHostGuardTests : IDisposable
    {
        private readonly GraphWithAnotherPort _stub = new GraphWithAnotherPort(elsewhere => new StubResponse(307, "", ("Location", elsewhere)));

        public void Dispose() => _stub.Dispose();

        [Fact]
        public void A_redirect_to_another_port_of_the_Graph_host_is_not_followed()
        {
            using var graph = _stub.OpenGraph();

            var error = Assert.Throws<EntraGraphException>(() => graph.TransitiveUsers(GraphScenario.GroupId));

            Assert.Contains("not to Graph", error.Message);
            Assert.False(_stub.ElsewhereGotBearerToken);
        }
    }
}
#endif
