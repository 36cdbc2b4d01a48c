using System.Net;
using RasMfa.Engine.Push;
using Xunit;

namespace RasMfa.Engine.Tests.Push
{
    /// <summary>Review R7 (1): connections per source on the approval page, where one source is an IPv4 address or an IPv6 /64.</summary>
    public sealed class SourceConnectionLimitTests
    {
        [Fact]
        public void Addresses_of_one_IPv6_64_share_a_place_count_and_other_sources_keep_theirs()
        {
            var limit = new SourceConnectionLimit(2);
            Assert.True(limit.TryEnter(IPAddress.Parse("2001:db8:1:2::10")));
            Assert.True(limit.TryEnter(IPAddress.Parse("2001:db8:1:2:ffff::99")));

            Assert.False(limit.TryEnter(IPAddress.Parse("2001:db8:1:2:abcd::1")));
            Assert.True(limit.TryEnter(IPAddress.Parse("2001:db8:1:3::10")));
            Assert.True(limit.TryEnter(IPAddress.Parse("192.0.2.7")));
        }

        [Fact]
        public void An_IPv4_address_mapped_into_IPv6_is_the_same_source_and_a_closed_connection_gives_its_place_back()
        {
            var limit = new SourceConnectionLimit(1);
            Assert.True(limit.TryEnter(IPAddress.Parse("192.0.2.7")));
            Assert.False(limit.TryEnter(IPAddress.Parse("::ffff:192.0.2.7")));

            limit.Exit(IPAddress.Parse("::ffff:192.0.2.7"));

            Assert.True(limit.TryEnter(IPAddress.Parse("192.0.2.7")));
        }
    }
}
