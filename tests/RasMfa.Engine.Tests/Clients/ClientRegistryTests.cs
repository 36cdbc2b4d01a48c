using System.Net;
using RasMfa.Engine.Clients;
using Xunit;

namespace RasMfa.Engine.Tests.Clients
{
    public class ClientRegistryTests
    {
        private static RadiusClientDefinition Client(string name, string address) => new RadiusClientDefinition(name, IpNetwork.Parse(address), new byte[] { 1 });

        [Fact]
        public void The_most_specific_block_wins_whatever_the_order()
        {
            var registry = new ClientRegistry(new[] { Client("all", "0.0.0.0/0"), Client("host", "10.1.2.3"), Client("net", "10.1.0.0/16"), Client("v6", "2001:db8::/32") });
            Assert.Equal("host", registry.Find(IPAddress.Parse("10.1.2.3"))!.Name);
            Assert.Equal("net", registry.Find(IPAddress.Parse("10.1.9.9"))!.Name);
            Assert.Equal("all", registry.Find(IPAddress.Parse("192.0.2.1"))!.Name);
            Assert.Equal("v6", registry.Find(IPAddress.Parse("2001:db8::5"))!.Name);
            Assert.Null(registry.Find(IPAddress.Parse("2001:db9::5")));
        }

        [Fact]
        public void IPv4_mapped_sources_from_dual_stack_sockets_match_IPv4_clients()
        {
            var registry = new ClientRegistry(new[] { Client("host", "127.0.0.1") });
            Assert.Equal("host", registry.Find(IPAddress.Parse("::ffff:127.0.0.1"))!.Name);
        }

        [Theory]
        [InlineData("10.0.0.1/33")]
        [InlineData("10.0.0")]
        [InlineData("")]
        [InlineData("host.example")]
        [InlineData("2001:db8::/129")]
        public void Bad_addresses_are_refused_with_a_reason(string text)
        {
            Assert.False(IpNetwork.TryParse(text, out _, out var error));
            Assert.False(string.IsNullOrEmpty(error));
        }

        [Fact]
        public void A_block_is_kept_in_canonical_form()
        {
            Assert.Equal("10.1.0.0/16", IpNetwork.Parse("10.1.2.3/16").ToString());
            Assert.Equal("192.0.2.7", IpNetwork.Parse(" 192.0.2.7 ").ToString());
        }

        [Fact]
        public void Secrets_are_refused_when_empty_or_too_long_and_flagged_when_short()
        {
            Assert.NotNull(SharedSecretPolicy.Reject(new byte[0]));
            Assert.NotNull(SharedSecretPolicy.Reject(new byte[129]));
            Assert.Null(SharedSecretPolicy.Reject(new byte[128]));
            Assert.True(SharedSecretPolicy.IsWeak(new byte[12]));
            Assert.False(SharedSecretPolicy.IsWeak(new byte[13]));
        }
    }
}
