using System;
using System.Diagnostics;
using System.Threading.Tasks;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.PostgreSql
{
    /// <summary>The PostgreSQL server stopped under a running store: no write is made or hangs, and writes resume by themselves.</summary>
    [Collection(PostgreSqlSuspensionCollection.Name)]
    public sealed class PostgreSqlUnreachableTests
    {
        private static Func<LoginSettlement, AuthenticationRecord> Audit(string reason) =>
            settled => new AuthenticationRecord { ClientName = "ras", ClientAddress = "10.0.0.1", UserName = "alice", Result = "Reject", Reason = reason, Method = "TOTP/PAP" };

        [Fact]
        public async Task A_login_write_while_the_server_is_stopped_fails_as_unavailable_in_time_and_writes_resume_after_without_reopening()
        {
            using var test = TestStore.Open(StoreKind.PostgreSql);
            var store = test.Store;
            store.LoginWriteTimeout = () => TimeSpan.FromSeconds(3);
            var user = new MfaUser("alice");
            store.Users.Add(user);
            var policy = new LockoutPolicy(10, TimeSpan.FromMinutes(15), DateTime.UtcNow);
            await store.Logins.SettleAsync(LoginWrite.WrongCode(user.Id, policy), Audit("before")); // the writer's connection is open

            var server = new PostgreSqlTestServer();
            server.Suspend();
            StoreException refused;
            var took = Stopwatch.StartNew();
            try
            {
                refused = await Assert.ThrowsAsync<StoreException>(() => store.Logins.SettleAsync(LoginWrite.WrongCode(user.Id, policy), Audit("while stopped")));
                took.Stop();
            }
            finally
            {
                server.Resume();
            }
            Assert.Equal(StoreErrorKind.Unavailable, refused.Kind);
            Assert.True(took.Elapsed < TimeSpan.FromSeconds(3 + 2), $"the write failed after {took.Elapsed}, past its 3 s bound");

            var after = await store.Logins.SettleAsync(LoginWrite.WrongCode(user.Id, policy), Audit("after"));
            Assert.Equal(2, after.Counted!.FailedAttempts); // the write made while stopped left nothing
            Assert.Equal(2, store.AuditLog.Query(new AuthenticationLogQuery { UserName = "alice" }).Count);
        }
    }
}
