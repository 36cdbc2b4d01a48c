using System.Net;
using RasMfa.Engine.Hosting.Metrics;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting.Metrics
{
    public sealed class MetricsAddressTests
    {
        [Theory]
        [InlineData("127.0.0.1:9812", "127.0.0.1", 9812)]
        [InlineData(" 0.0.0.0:80 ", "0.0.0.0", 80)]
        [InlineData("[::1]:9812", "::1", 9812)]
        [InlineData("[fe80::1]:65535", "fe80::1", 65535)]
        public void Reads_an_address_and_port(string text, string address, int port)
        {
            var parsed = MetricsAddress.Parse(text, out var error);
            Assert.Null(error);
            Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), parsed);
        }

        [Theory]
        [InlineData("localhost:9812", "is not an IP address")]
        [InlineData("127.0.0.1", "is not an address and port")]
        [InlineData("127.0.0.1:", "is not an address and port")]
        [InlineData(":9812", "is not an address and port")]
        [InlineData("127.0.0.1:0", "is not a TCP port")]
        [InlineData("127.0.0.1:70000", "is not a TCP port")]
        [InlineData("127.0.0.1:+80", "is not a TCP port")]
        [InlineData("::1:9812", "in brackets")]
        public void Refuses_anything_else_saying_why(string text, string why)
        {
            Assert.Null(MetricsAddress.Parse(text, out var error));
            Assert.Contains(why, error);
        }

        [Fact]
        public void The_service_default_is_loopback()
        {
            var parsed = MetricsAddress.Parse(MetricsAddress.ServiceDefault, out _);
            Assert.True(IPAddress.IsLoopback(parsed!.Address));
        }
    }
}
