using System;
using System.Linq;
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

        [Fact]
        public void Beyond_its_maximum_the_cache_handles_new_requests_without_remembering_them()
        {
            var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var cache = new DuplicateCache(TimeSpan.FromSeconds(10), () => now, maxEntries: 3);
            var keys = new[] { 1, 2, 3, 4 }.Select(id => new RequestKey(Source, (byte)id, new byte[16])).ToArray();
            foreach (var key in keys.Take(3)) Assert.Equal(DuplicateStatus.New, cache.Begin(key, out _));
            Assert.Equal(DuplicateStatus.NotCached, cache.Begin(keys[3], out _));
            cache.Complete(keys[3], new byte[] { 2 });
            Assert.Equal(3, cache.Count);
            Assert.Equal(DuplicateStatus.NotCached, cache.Begin(keys[3], out _)); // its retransmission is handled again

            // Places come back as entries are answered and expire, or are abandoned.
            cache.Abandon(keys[0]);
            Assert.Equal(DuplicateStatus.New, cache.Begin(keys[3], out _));
            cache.Complete(keys[3], new byte[] { 2 });
            Assert.Equal(DuplicateStatus.Answered, cache.Begin(keys[3], out _));
            cache.Complete(keys[1], new byte[] { 2 });
            cache.Complete(keys[2], new byte[] { 2 });
            now = now.AddSeconds(11);
            Assert.Equal(DuplicateStatus.New, cache.Begin(keys[0], out _));
            Assert.Equal(1, cache.Count);
        }

        [Fact]
        public void A_request_still_being_decided_stays_a_duplicate_past_the_lifetime_until_it_is_answered()
        {
            // A push is held up to 55 s, a provider send up to 15 s: RAS's retransmission then must still be dropped.
            var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var cache = new DuplicateCache(TimeSpan.FromSeconds(15), () => now);
            var key = new RequestKey(Source, 9, new byte[16]);
            Assert.Equal(DuplicateStatus.New, cache.Begin(key, out _));

            now = now.AddSeconds(70);
            Assert.Equal(DuplicateStatus.InProgress, cache.Begin(key, out _));
            cache.Complete(key, new byte[] { 2 });
            now = now.AddSeconds(14);
            Assert.Equal(DuplicateStatus.Answered, cache.Begin(key, out _));
            now = now.AddSeconds(2);
            Assert.Equal(DuplicateStatus.New, cache.Begin(key, out _));
        }

        [Fact]
        public void A_request_whose_handler_never_returns_is_forgotten_after_the_in_progress_ceiling()
        {
            var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var cache = new DuplicateCache(TimeSpan.FromSeconds(15), () => now);
            var hung = new RequestKey(Source, 9, new byte[16]);
            Assert.Equal(DuplicateStatus.New, cache.Begin(hung, out _));

            now = now + DuplicateCache.InProgressCeiling + TimeSpan.FromSeconds(2);
            Assert.Equal(DuplicateStatus.New, cache.Begin(new RequestKey(Source, 10, new byte[16]), out _)); // its sweep

            Assert.Equal(1, cache.Count);
            Assert.Equal(DuplicateStatus.New, cache.Begin(hung, out _));
        }
    }
}
