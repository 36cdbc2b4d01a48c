using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Mfa;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting
{
    /// <summary>
    /// Issue 16: the answers kept under request keys (two per two-round login) leave the store in small writes. Their keys
    /// are random, so each row removed is a page to write, and a purge write rides in the commit of the logins queued with
    /// it: one of 500 rows held those logins 8-16 ms, commit after commit, while a half minute's expired rows went.
    /// </summary>
    public sealed class ExpiredRowsPurgeBatchTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-purge-" + Guid.NewGuid().ToString("N"));
        private readonly DateTime _now = new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc);

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        [Fact]
        public async Task Expired_answers_leave_the_store_in_writes_of_at_most_64_rows_each()
        {
            using var store = new SqliteStore(Path.Combine(_folder, "rasmfa.db"));
            var keys = Enumerable.Range(0, 150).Select(_ => RandomKey()).ToList();
            await Task.WhenAll(keys.Select(key => store.Logins.ClaimAsync(new DecidedRequest(key, "server-a", _now), TimeSpan.FromSeconds(10))));
            var recording = new PurgeRecordingStore(store.Logins);

            using var purge = new ExpiredChallengeScheduler(recording, NullLogger.Instance, TimeSpan.FromHours(1), () => _now + DecidedRequest.KeptFor + TimeSpan.FromSeconds(1));
            Assert.Equal(150, purge.PurgeNow());

            Assert.All(recording.Removed, removed => Assert.InRange(removed, 0, 64));
            Assert.Equal(150, recording.Removed.Sum());
            Assert.All(keys, key => Assert.Null(store.Logins.FindDecision(key)));
        }

        [Fact]
        public async Task Answers_not_yet_expired_stay()
        {
            using var store = new SqliteStore(Path.Combine(_folder, "rasmfa.db"));
            var key = RandomKey();
            await store.Logins.ClaimAsync(new DecidedRequest(key, "server-a", _now), TimeSpan.FromSeconds(10));

            using var purge = new ExpiredChallengeScheduler(store.Logins, NullLogger.Instance, TimeSpan.FromHours(1), () => _now + DecidedRequest.KeptFor - TimeSpan.FromSeconds(1));
            Assert.Equal(0, await purge.PurgeAsync());
            Assert.NotNull(store.Logins.FindDecision(key));
        }

        private static byte[] RandomKey()
        {
            var key = new byte[32];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(key);
            return key;
        }

        private sealed class PurgeRecordingStore : DelegatingLoginStore
        {
            public PurgeRecordingStore(ILoginStore inner) : base(inner) { }

            public ConcurrentQueue<int> Removed { get; } = new ConcurrentQueue<int>();

            public override async Task<int> PurgeExpiredAsync(DateTime nowUtc, int batch)
            {
                int removed = await base.PurgeExpiredAsync(nowUtc, batch).ConfigureAwait(false);
                Removed.Enqueue(removed);
                return removed;
            }
        }
    }
}
