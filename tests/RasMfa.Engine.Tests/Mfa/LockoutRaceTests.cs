using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tokens;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// Lockout cannot be outrun: of many codes sent at once for one user, at most the lockout threshold are decided on
    /// their code; every other is refused as locked whatever it carried, and an Accept never follows the lock. The same
    /// holds with two servers (two stores, two handlers) on one SQLite file.
    /// </summary>
    public sealed class LockoutRaceTests : IDisposable
    {
        private const int Threshold = 10;
        private const int Burst = 256;
        private readonly MfaFixture _f = new MfaFixture();
        private readonly List<IDisposable> _others = new List<IDisposable>();

        public LockoutRaceTests()
        {
            _f.Settings = new MfaSettings { LockoutThreshold = Threshold, LockoutMinutes = 15 };
            _f.Store.LoginWriteTimeout = () => BurstWriteTimeout;
        }

        // What these tests check is counts, not speed: 256 writes at once (two servers on one file) on a loaded machine, Mono
        // above all, may wait past the 5 s default for the file's write lock, and a write that times out is withheld, not counted.
        private static readonly TimeSpan BurstWriteTimeout = TimeSpan.FromSeconds(60);

        public void Dispose()
        {
            foreach (var other in _others) other.Dispose();
            _f.Store.Dispose();
            _f.Dispose();
        }

        [Fact]
        public async Task Of_256_wrong_codes_sent_at_once_only_the_threshold_are_checked_and_the_rest_refused_as_locked()
        {
            var token = _f.Enrol("alice");
            var records = await FireAsync(WrongCodes(token, Burst), Servers(1));
            Assert.Equal(Threshold, records.Count(DecidedOnItsCode));
            Assert.Equal(Burst - Threshold, records.Count(r => r.Reason == DecisionReason.Locked));
            Assert.Equal(DecisionReason.NowLocked, records.Last(DecidedOnItsCode).Reason);
            Assert.Equal(Threshold, _f.Store.Users.Get("alice")!.FailedAttempts);
        }

        [Fact]
        public async Task Two_servers_on_one_store_together_check_no_more_than_the_threshold()
        {
            var token = _f.Enrol("alice");
            var records = await FireAsync(WrongCodes(token, Burst), Servers(2));
            Assert.Equal(Threshold, records.Count(DecidedOnItsCode));
            Assert.Equal(Burst - Threshold, records.Count(r => r.Reason == DecisionReason.Locked));
            Assert.Equal(Threshold, _f.Store.Users.Get("alice")!.FailedAttempts);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public async Task The_right_code_among_them_is_accepted_only_before_the_lock_and_clears_the_count(int servers)
        {
            var token = _f.Enrol("alice");
            var codes = WrongCodes(token, Burst).ToList();
            codes.Insert(Burst / 2, _f.CodeAt(token));
            var records = await FireAsync(codes, Servers(servers));

            // Read in commit order: never more than the threshold failures since the last Accept, and nothing decided after the lock.
            int failures = 0;
            bool locked = false;
            foreach (var record in records)
            {
                if (locked) Assert.Equal(DecisionReason.Locked, record.Reason);
                else if (record.Result == "Accept") failures = 0;
                else if (DecidedOnItsCode(record)) Assert.True(++failures <= Threshold, "more failures than the threshold were checked");
                locked |= record.Reason == DecisionReason.NowLocked;
            }
            Assert.True(locked);
            int accepted = records.Count(r => r.Result == "Accept");
            Assert.InRange(accepted, 0, 1);
            Assert.InRange(records.Count(DecidedOnItsCode), Threshold, accepted == 0 ? Threshold : 2 * Threshold + 1);
            Assert.True(_f.Store.Users.Get("alice")!.IsLockedAt(_f.Now));
        }

        private static bool DecidedOnItsCode(Audit.AuthenticationRecord record) => record.Reason != DecisionReason.Locked;

        // Codes that are not this token's within the verification window.
        private IEnumerable<string> WrongCodes(OtpToken token, int count)
        {
            var window = new HashSet<string>(Enumerable.Range(-3, 7).Select(offset => _f.CodeAt(token, offset)));
            return Enumerable.Range(100000, count + window.Count).Select(n => n.ToString()).Where(code => !window.Contains(code)).Take(count);
        }

        // The fixture's handler, and for a second server a store and handler of its own on the same file.
        private IAccessRequestHandler[] Servers(int count)
        {
            var handlers = new List<IAccessRequestHandler> { _f.Handler };
            for (int i = 1; i < count; i++)
            {
                var store = new SqliteStore(_f.Store.Location) { LoginWriteTimeout = () => BurstWriteTimeout };
                _others.Add(store);
                handlers.Add(new MfaRequestHandler(store.Logins, () => _f.Settings, new ChallengeStore(store.Logins, () => _f.Now), NullLogger.Instance, () => _f.Now));
            }
            return handlers.ToArray();
        }

        // All the logins released at once on pool threads, shared round robin among the servers; their records in commit order.
        private async Task<IReadOnlyList<Audit.AuthenticationRecord>> FireAsync(IEnumerable<string> codes, IAccessRequestHandler[] servers)
        {
            var start = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var logins = codes.Select((code, i) => Task.Run(async () =>
            {
                await start.Task.ConfigureAwait(false);
                return await _f.PapAsync("alice", code, handler: servers[i % servers.Length]).ConfigureAwait(false);
            })).ToList();
            start.SetResult(true);
            var answers = await Task.WhenAll(logins);
            Assert.All(answers, a => Assert.NotEqual(RadiusCode.AccessChallenge, a.Code));
            var records = _f.Store.AuditLog.Query(new Audit.AuthenticationLogQuery { UserName = "alice" });
            Assert.Equal(logins.Count, records.Count);
            Assert.Equal(answers.Count(a => a.Code == RadiusCode.AccessAccept), records.Count(r => r.Result == "Accept"));
            return records;
        }
    }
}
