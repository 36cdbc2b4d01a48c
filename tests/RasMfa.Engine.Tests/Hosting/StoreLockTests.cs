using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting
{
    /// <summary>
    /// Another process holding the store's write lock (issue 11 item 10): a login is answered (or withheld) within
    /// StoreWriteTimeoutSeconds instead of SQLite's 30 s, never accepted, its audit record is logged in full and written
    /// once the lock is free, and logins work again afterwards.
    /// </summary>
    [Collection(ListenerCollection.Name)]
    public sealed class StoreLockTests : IDisposable
    {
        private static readonly byte[] Secret = Encoding.ASCII.GetBytes("store-lock-test-shared-secret-01");

        // Three times the timeout set below: generous for a loaded machine, and well short of the 30 s the lock used to cost.
        private static readonly TimeSpan Bound = TimeSpan.FromSeconds(6);
        private readonly ListenerHarness _listener = new ListenerHarness();
        private OtpToken _token = null!;

        private void Prepare(StoreUnavailableAnswer answer)
        {
            using var store = new SqliteStore(_listener.DatabasePath);
            store.Clients.Add(new RadiusClientDefinition("ras", IpNetwork.Parse("127.0.0.1/32"), Secret));
            var user = new MfaUser("alice");
            store.Users.Add(user);
            _token = new OtpToken("T-ALICE", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = user.Id };
            store.Tokens.Add(_token);
            var settings = store.Settings.Get();
            settings.StoreWriteTimeoutSeconds = 2;
            settings.StoreUnavailableAnswer = answer;
            store.Settings.Set(settings);
        }

        private string CurrentCode() => OtpCalculator.TotpForStep(_token, OtpCalculator.TimeStep(DateTime.UtcNow, _token.Period));

        private string WrongCode() => ((int.Parse(CurrentCode()) + 500000) % 1000000).ToString("D6");

        /// <summary>What another process does with BEGIN IMMEDIATE: holds the write lock until disposed.</summary>
        private SqliteConnection HoldWriteLock()
        {
            var connection = new SqliteConnection($"Data Source={_listener.DatabasePath};Pooling=False");
            connection.Open();
            using var begin = connection.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
            return connection;
        }

        private AuthenticationRecord[] AuditLog()
        {
            using var store = new SqliteStore(_listener.DatabasePath);
            return store.AuditLog.Query(new AuthenticationLogQuery()).ToArray();
        }

        private static bool WaitUntil(Func<bool> condition, TimeSpan limit)
        {
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < limit)
            {
                if (condition()) return true;
                Thread.Sleep(50);
            }
            return condition();
        }

        [Fact]
        public async Task With_the_lock_held_a_login_is_withheld_within_the_bound_its_record_logged_then_written_and_logins_work_again()
        {
            Prepare(StoreUnavailableAnswer.Silence);
            _listener.Start();

            var watch = Stopwatch.StartNew();
            using (HoldWriteLock())
            {
                var reply = _listener.SendAsync("127.0.0.1", Secret, "alice", WrongCode(), Bound);
                Assert.True(WaitUntil(() => RasMfaServerHost.Status().Counters!.DroppedByReason["AnswerWithheld"] == 1, Bound),
                    "the login was not settled within the bound");
                Assert.True(watch.Elapsed < Bound, $"settling took {watch.Elapsed}");
                Assert.Null(await reply);
                var logged = Assert.Single(_listener.Logged(), line => line.StartsWith("Error: Audit record not written (1 so far)", StringComparison.Ordinal));
                Assert.Contains("Reject alice at ras (127.0.0.1) by PAP", logged);
                Assert.Contains("the store could not record the decision in time; no answer sent", logged);
                Assert.Contains("write lock was not free in time", logged);
                Assert.Equal(1, RasMfaServerHost.Status().AuditRecordsNotWritten);
            }

            Assert.Equal(RadiusCode.AccessAccept, await _listener.SendAsync("127.0.0.1", Secret, "alice", CurrentCode(), TimeSpan.FromSeconds(10)));
            // The withheld login's record, spooled, is written once the store takes a write again; nothing else is lost.
            Assert.True(WaitUntil(() => AuditLog().Length == 2, TimeSpan.FromSeconds(10)), "the spooled record was not written");
            var records = AuditLog();
            Assert.Single(records, r => r.Result == "Accept" && r.UserName == "alice");
            Assert.Single(records, r => r.Result == "Reject" && r.Reason == "the store could not record the decision in time; no answer sent");
        }

        [Fact]
        public async Task With_the_lock_held_and_reject_chosen_even_the_right_code_is_rejected_within_the_bound_and_never_accepted()
        {
            Prepare(StoreUnavailableAnswer.Reject);
            _listener.Start();

            var watch = Stopwatch.StartNew();
            using (HoldWriteLock())
            {
                Assert.Equal(RadiusCode.AccessReject, await _listener.SendAsync("127.0.0.1", Secret, "alice", CurrentCode(), Bound));
                Assert.True(watch.Elapsed < Bound, $"the answer took {watch.Elapsed}");
            }

            // The code was never used up (the write did not happen), so the user's retry with it gets in.
            Assert.Equal(RadiusCode.AccessAccept, await _listener.SendAsync("127.0.0.1", Secret, "alice", CurrentCode(), TimeSpan.FromSeconds(10)));
            Assert.True(WaitUntil(() => AuditLog().Length == 2, TimeSpan.FromSeconds(10)), "the spooled record was not written");
        }

        public void Dispose() => _listener.Dispose();
    }
}
