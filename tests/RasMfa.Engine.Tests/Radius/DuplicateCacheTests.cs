using System;
using System.Net;
using RasMfa.Engine.Radius.Server;
using Xunit;

namespace RasMfa.Engine.Tests.Radius
{
    public class DuplicateCacheTests
    {
        private static readonly IPEndPoint Source = new IPEndPoint(IPAddress.Loopback, 5000);

        [Fact]
        public void The_key_is_address_port_identifier_and_authenticator()
        {
            var cache = new DuplicateCache(TimeSpan.FromSeconds(10));
            var authenticator = new byte[16];
            Assert.Equal(DuplicateStatus.New, cache.Begin(new RequestKey(Source, 1, authenticator), out _));
            Assert.Equal(DuplicateStatus.InProgress, cache.Begin(new RequestKey(Source, 1, authenticator), out _));
            Assert.Equal(DuplicateStatus.New, cache.Begin(new RequestKey(Source, 2, authenticator), out _));
            Assert.Equal(DuplicateStatus.New, cache.Begin(new RequestKey(new IPEndPoint(IPAddress.Loopback, 5001), 1, authenticator), out _));
            authenticator[15] = 1;
            Assert.Equal(DuplicateStatus.New, cache.Begin(new RequestKey(Source, 1, authenticator), out _));
        }

        [Fact]
        public void An_answer_is_resent_until_it_expires()
        {
            var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var cache = new DuplicateCache(TimeSpan.FromSeconds(10), () => now);
            var key = new RequestKey(Source, 9, new byte[16]);
            cache.Begin(key, out _);
            cache.Complete(key, new byte[] { 2, 9 });
            Assert.Equal(DuplicateStatus.Answered, cache.Begin(key, out var cached));
            Assert.Equal(new byte[] { 2, 9 }, cached);
            now = now.AddSeconds(11);
            Assert.Equal(DuplicateStatus.New, cache.Begin(key, out _));
        }
    }
}
