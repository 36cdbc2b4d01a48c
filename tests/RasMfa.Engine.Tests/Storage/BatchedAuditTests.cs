using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Sqlite;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>
    /// The SQLite writer's batch: its logins' audit records go in together, after the last login's write, through one
    /// statement prepared for the writer's connection. What an admin checks: every decision of the batch in the audit log, in the order the logins were decided; a
    /// login whose write failed neither used its code nor left a record, and the others of its batch were accepted and
    /// recorded; a record the store refused is lost alone and said so.
    /// </summary>
    public sealed class BatchedAuditTests : IDisposable
    {
        private static readonly TimeSpan Ample = TimeSpan.FromSeconds(30);
        private readonly TestStore _test = TestStore.Open(StoreKind.Sqlite);
        private readonly ManualResetEventSlim _entered = new ManualResetEventSlim();
        private readonly ManualResetEventSlim _release = new ManualResetEventSlim();

        private SqlStore Store => _test.Store;

        private long Commits => ((SqlLoginStore)Store.Logins).Commits;

        private static readonly LockoutPolicy Lockout = new LockoutPolicy(10, TimeSpan.FromMinutes(15), DateTime.UtcNow);

        private static AuthenticationRecord Record(string user, string result, string reason = "test") =>
            new AuthenticationRecord { ClientName = "ras", ClientAddress = "10.0.0.1", UserName = user, Result = result, Reason = reason, Method = "TOTP/PAP" };

        // A login whose write holds the writer until released: what is queued meanwhile is taken as one batch.
        private Task<LoginSettlement> HoldTheWriter()
        {
            var held = Store.Logins.SettleAsync(LoginWrite.AuditOnly, settled =>
            {
                _entered.Set();
                _release.Wait(Ample);
                return Record("holder", "Reject");
            });
            Assert.True(_entered.Wait(Ample));
            return held;
        }

        private (MfaUser User, OtpToken Token) Enrolled(string name)
        {
            var user = new MfaUser(name);
            Store.Users.Add(user);
            var token = new OtpToken("T-" + name, OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = user.Id };
            Store.Tokens.Add(token);
            return (user, token);
        }

        [Fact]
        public async Task Every_audit_record_of_a_batch_is_written_in_the_order_its_logins_were_queued()
        {
            var held = HoldTheWriter();
            var names = Enumerable.Range(0, 150).Select(i => "user" + i.ToString("000")).Reverse().ToList();
            var writes = names.Select(name => Store.Logins.SettleAsync(LoginWrite.AuditOnly, _ => Record(name, "Reject"))).ToList();
            _release.Set();
            await held;
            foreach (var settled in await Task.WhenAll(writes)) Assert.Null(settled.AuditError);

            Assert.Equal(2, Commits); // the holder's, then the 150 together
            var written = Store.AuditLog.Query(new AuthenticationLogQuery()).Where(record => record.UserName != "holder").ToList();
            Assert.Equal(names, written.Select(record => record.UserName)); // ordered by id, as queued (names descending)
            Assert.Equal(150, written.Select(record => record.RecordId).Distinct().Count());
        }

        [Fact]
        public async Task A_login_failing_in_a_batch_fails_alone_and_the_others_of_its_batch_are_accepted_and_audited()
        {
            var logins = Enumerable.Range(0, 5).Select(i => Enrolled("member" + i)).ToList();
            var held = HoldTheWriter();
            var writes = logins.Select((login, i) => Store.Logins.SettleAsync(
                LoginWrite.Accept(login.User.Id, CodeUse.Of(login.Token, new OtpMatch(5000, 0)), Lockout),
                settled => i == 2 ? throw new InvalidOperationException("a fault in one login's work") : Record(login.User.UserName, settled.Consumed ? "Accept" : "Reject"))).ToList();
            _release.Set();
            await held;

            var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => writes[2]);
            Assert.Equal("a fault in one login's work", failed.Message);
            foreach (var i in new[] { 0, 1, 3, 4 })
            {
                var settled = await writes[i];
                Assert.True(settled.Consumed);
                Assert.Null(settled.AuditError);
                Assert.Equal(5000, Store.Tokens.GetBySerial("T-member" + i)!.LastUsedStep);
            }
            Assert.Equal(2, Commits); // the failing login was undone alone: its batch committed
            Assert.Null(Store.Tokens.GetBySerial("T-member2")!.LastUsedStep); // its code is not used up
            var written = Store.AuditLog.Query(new AuthenticationLogQuery { UserName = "member*" });
            Assert.Equal(new[] { "member0", "member1", "member3", "member4" }, written.Select(record => record.UserName));
            Assert.All(written, record => Assert.Equal("Accept", record.Result));
        }

        [Fact]
        public async Task A_record_the_store_refuses_in_a_batch_is_lost_alone_its_login_stands_and_the_others_are_written()
        {
            var alice = Enrolled("alice");
            var held = HoldTheWriter();
            var before = Store.Logins.SettleAsync(LoginWrite.AuditOnly, _ => Record("before", "Reject"));
            var refused = Store.Logins.SettleAsync(LoginWrite.Accept(alice.User.Id, CodeUse.Of(alice.Token, new OtpMatch(6000, 0)), Lockout),
                _ => Record("alice", "Accept", reason: null!));
            var after = Store.Logins.SettleAsync(LoginWrite.AuditOnly, _ => Record("after", "Reject"));
            _release.Set();
            await held;

            var settled = await refused;
            Assert.True(settled.Consumed);
            Assert.IsAssignableFrom<System.Data.Common.DbException>(settled.AuditError);
            Assert.Equal(6000, Store.Tokens.GetBySerial("T-alice")!.LastUsedStep);
            Assert.Null((await before).AuditError);
            Assert.Null((await after).AuditError);
            Assert.Equal(2, Commits);
            Assert.Equal(new[] { "holder", "before", "after" }, Store.AuditLog.Query(new AuthenticationLogQuery()).Select(record => record.UserName));
        }

        [Fact]
        public async Task A_batch_at_its_size_limit_commits_and_the_writes_past_it_go_in_the_next_batch_each_audited()
        {
            var held = HoldTheWriter();
            int queued = SqliteWriteQueue.MaxBatch + 10;
            var writes = Enumerable.Range(0, queued).Select(i => Store.Logins.SettleAsync(LoginWrite.AuditOnly, _ => Record("limit" + i.ToString("000"), "Reject"))).ToList();
            _release.Set();
            await held;
            await Task.WhenAll(writes);

            Assert.Equal(3, Commits); // the holder's, a full batch of MaxBatch, then the ten left
            var written = Store.AuditLog.Query(new AuthenticationLogQuery { UserName = "limit*" }).Select(record => record.UserName).ToList();
            Assert.Equal(Enumerable.Range(0, queued).Select(i => "limit" + i.ToString("000")), written);
        }

        public void Dispose()
        {
            _release.Set();
            _test.Dispose();
            _entered.Dispose();
            _release.Dispose();
        }
    }
}
