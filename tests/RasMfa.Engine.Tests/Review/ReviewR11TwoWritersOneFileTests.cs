using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Sqlite;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R11 (issue 16): the login writer's used-step and counter updates now run on SQLite's own API, each statement
    /// prepared once and kept. Two writers on one file (two listeners, or a listener and a second process) racing the same
    /// code must still use it once: of every step sent to both at once, exactly one is told it was fresh, and a step no later
    /// than the one used is refused by both.
    /// </summary>
    public sealed class ReviewR11TwoWritersOneFileTests : IDisposable
    {
        private static readonly TimeSpan Ample = TimeSpan.FromSeconds(30);
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-r11-two-" + Guid.NewGuid().ToString("N"));
        private readonly string _path;
        private readonly SqliteWriteQueue[] _queues = new SqliteWriteQueue[2];
        private long _tokenId;

        public ReviewR11TwoWritersOneFileTests()
        {
            _path = Path.Combine(_folder, "rasmfa.db");
            var protector = new RasMfa.Engine.Tests.Administration.TemporaryStore.CountingProtector();
            using (var store = new SqliteStore(_path, protector))
            {
                var user = new MfaUser("alice");
                store.Users.Add(user);
                var token = new OtpToken("T-ALICE", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = user.Id };
                store.Tokens.Add(token);
                _tokenId = token.Id;
            }
            for (int i = 0; i < _queues.Length; i++)
                _queues[i] = new SqliteWriteQueue(SqliteDialect.OpenDatabase(_path, protector, StorePlatforms.ForThisMachine(), null));
        }

        [Fact]
        public async Task Each_step_raced_by_two_writers_on_one_file_is_used_once_and_an_older_one_by_neither()
        {
            for (long step = 1000; step < 1040; step++)
            {
                long raced = step;
                var both = _queues.Select(queue => queue.Enqueue(session => SqlTokenStore.ConsumeTotpStep(session, _tokenId, raced, 0), Ample)).ToArray();
                var fresh = await Task.WhenAll(both);
                Assert.Equal(1, fresh.Count(used => used));
                // The same and an older step again, on each writer (its statement now bound with other values before).
                foreach (var queue in _queues)
                {
                    Assert.False(await queue.Enqueue(session => SqlTokenStore.ConsumeTotpStep(session, _tokenId, raced, 0), Ample));
                    Assert.False(await queue.Enqueue(session => SqlTokenStore.ConsumeTotpStep(session, _tokenId, raced - 1, 0), Ample));
                }
            }
        }

        public void Dispose()
        {
            foreach (var queue in _queues) queue?.Dispose();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
