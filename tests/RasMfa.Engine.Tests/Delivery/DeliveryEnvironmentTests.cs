using System.Net.Http;
using RasMfa.Engine.Delivery;
using Xunit;

namespace RasMfa.Engine.Tests.Delivery
{
    public sealed class DeliveryEnvironmentTests
    {
        [Fact]
        public void The_default_transport_follows_no_redirect_so_a_message_with_a_code_goes_only_where_the_admin_said()
        {
            using var handler = (HttpClientHandler)new DeliveryEnvironment().HttpHandler();
            Assert.False(handler.AllowAutoRedirect);
        }
    }
}
