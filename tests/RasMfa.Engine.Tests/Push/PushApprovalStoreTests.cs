using System;
using System.Linq;
using System.Threading.Tasks;
using RasMfa.Engine.Push;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Push
{
    /// <summary>Push approvals in the store, on both databases: the token kept only as a hash, decided exactly once, purged when expired.</summary>
    public sealed class PushApprovalStoreTests
    {
        private static readonly DateTime Now = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

        [Theory]
        [ClassData(typeof(BothStores))]
        public void An_approval_is_read_back_by_another_server_by_its_token_and_the_token_itself_is_not_stored(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var (made, token) = new PushApprovalService(test.Store.PushApprovals).Create("alice", "ras1", "192.0.2.10", "198.51.100.7", Now, TimeSpan.FromSeconds(25));

            var read = new PushApprovalService(test.OpenAnother().PushApprovals).Open(token, Now.AddSeconds(1))!;

            Assert.Equal(made.Id, read.Id);
            Assert.Equal("alice", read.UserName);
            Assert.Equal("ras1", read.ClientName);
            Assert.Equal("192.0.2.10", read.SourceAddress);
            Assert.Equal("198.51.100.7", read.CallingStationId);
            Assert.Equal(made.Number, read.Number);
            Assert.Equal(made.Choices, read.Choices);
            Assert.Contains(made.Number, read.Choices);
            Assert.Equal(3, read.Choices.Distinct().Count());
            Assert.Equal(PushDecision.Pending, read.Decision);
            Assert.Equal(0, test.Execute("UPDATE push_approval SET decision = decision WHERE token_hash = @clear", ("@clear", System.Text.Encoding.ASCII.GetBytes(token))));
            Assert.Equal(0, test.Execute("UPDATE push_approval SET decision = decision WHERE id = @token", ("@token", token)));
        }

        [Theory]
        [ClassData(typeof(BothStores))]
        public void The_right_number_approves_once_and_the_token_opens_nothing_afterwards(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var service = new PushApprovalService(test.Store.PushApprovals);
            var (made, token) = service.Create("alice", "ras1", null, null, Now, TimeSpan.FromSeconds(25));

            Assert.Equal(PushDecision.Approved, service.Decide(token, made.Number, Now.AddSeconds(2)));
            Assert.Null(service.Decide(token, made.Number, Now.AddSeconds(3)));
            Assert.Null(service.Decide(token, null, Now.AddSeconds(3)));

            Assert.Equal(PushDecision.Approved, test.Store.PushApprovals.Get(made.Id)!.Decision);
            Assert.Null(service.Open(token, Now.AddSeconds(3)));
        }

        [Theory]
        [ClassData(typeof(BothStores))]
        public void A_wrong_number_denies(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var service = new PushApprovalService(test.Store.PushApprovals);
            var (made, token) = service.Create("alice", "ras1", null, null, Now, TimeSpan.FromSeconds(25));
            int decoy = made.Choices.First(c => c != made.Number);

            Assert.Equal(PushDecision.WrongNumber, service.Decide(token, decoy, Now.AddSeconds(2)));

            Assert.Equal(PushDecision.WrongNumber, test.Store.PushApprovals.Get(made.Id)!.Decision);
            Assert.Null(service.Decide(token, made.Number, Now.AddSeconds(3)));
        }

        [Theory]
        [ClassData(typeof(BothStores))]
        public void An_expired_approval_cannot_be_decided_and_reads_as_expired(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var service = new PushApprovalService(test.Store.PushApprovals);
            var (made, token) = service.Create("alice", "ras1", null, null, Now, TimeSpan.FromSeconds(25));

            Assert.Null(service.Open(token, Now.AddSeconds(25)));
            Assert.Null(service.Decide(token, made.Number, Now.AddSeconds(25)));
            Assert.Equal(PushDecision.Expired, test.Store.PushApprovals.Get(made.Id)!.DecisionAt(Now.AddSeconds(25)));
        }

        [Theory]
        [ClassData(typeof(BothStores))]
        public void Two_servers_deciding_at_once_decide_once(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var first = new PushApprovalService(test.Store.PushApprovals);
            var second = new PushApprovalService(test.OpenAnother().PushApprovals);
            for (int round = 0; round < 10; round++)
            {
                var (made, token) = first.Create("alice", "ras1", null, null, Now, TimeSpan.FromSeconds(25));
                var approving = Task.Run(() => first.Decide(token, made.Number, Now.AddSeconds(1)) != null);
                var denying = Task.Run(() => second.Decide(token, null, Now.AddSeconds(1)) != null);

                Assert.Equal(1, new[] { approving.Result, denying.Result }.Count(won => won));
                var decided = test.Store.PushApprovals.Get(made.Id)!.Decision;
                Assert.Equal(approving.Result ? PushDecision.Approved : PushDecision.Denied, decided);
            }
        }

        [Theory]
        [ClassData(typeof(BothStores))]
        public void Expired_approvals_go_with_the_expired_challenges_purge(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var service = new PushApprovalService(test.Store.PushApprovals);
            var (old, _) = service.Create("alice", "ras1", null, null, Now, TimeSpan.FromSeconds(25));
            var (current, _) = service.Create("bob", "ras1", null, null, Now.AddMinutes(1), TimeSpan.FromSeconds(25));

            test.Store.Logins.PurgeExpiredAsync(Now.AddSeconds(30), 100).GetAwaiter().GetResult();

            Assert.Null(test.Store.PushApprovals.Get(old.Id));
            Assert.NotNull(test.Store.PushApprovals.Get(current.Id));
        }

        [Theory]
        [ClassData(typeof(BothStores))]
        public void A_users_pending_approvals_are_counted_on_every_server_until_decided_or_expired(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var service = new PushApprovalService(test.Store.PushApprovals);
            var (first, token) = service.Create("alice", "ras1", null, null, Now, TimeSpan.FromSeconds(120));
            service.Create("alice", "ras2", null, null, Now.AddSeconds(60), TimeSpan.FromSeconds(120));
            service.Create("bob", "ras1", null, null, Now, TimeSpan.FromSeconds(120));
            var other = test.OpenAnother().PushApprovals;

            Assert.Equal(2, other.CountPending("alice", Now.AddSeconds(61)));
            service.Decide(token, first.Number, Now.AddSeconds(62));
            Assert.Equal(1, other.CountPending("alice", Now.AddSeconds(63)));
            Assert.Equal(0, other.CountPending("alice", Now.AddSeconds(180)));
        }

        [Theory]
        [ClassData(typeof(BothStores))]
        public void An_approval_is_added_only_below_the_users_pending_cap_as_every_server_counts_them(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var first = new PushApprovalService(test.Store.PushApprovals);
            var second = new PushApprovalService(test.OpenAnother().PushApprovals);

            var made = first.TryCreate("alice", "ras1", null, null, Now, TimeSpan.FromSeconds(120), maxPendingPerUser: 2);
            Assert.NotNull(second.TryCreate("alice", "ras2", null, null, Now.AddSeconds(1), TimeSpan.FromSeconds(120), maxPendingPerUser: 2));
            Assert.Null(first.TryCreate("alice", "ras1", null, null, Now.AddSeconds(2), TimeSpan.FromSeconds(120), maxPendingPerUser: 2));
            Assert.NotNull(second.TryCreate("bob", "ras1", null, null, Now.AddSeconds(2), TimeSpan.FromSeconds(120), maxPendingPerUser: 2));
            first.Decide(made!.Value.Token, null, Now.AddSeconds(3));

            Assert.NotNull(second.TryCreate("alice", "ras1", null, null, Now.AddSeconds(4), TimeSpan.FromSeconds(120), maxPendingPerUser: 2));
            Assert.Equal(2, test.Store.PushApprovals.CountPending("alice", Now.AddSeconds(5)));
        }

        [Theory]
        [ClassData(typeof(BothStores))]
        public void First_rounds_on_two_servers_at_once_add_no_more_approvals_than_the_cap(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var servers = new[] { new PushApprovalService(test.Store.PushApprovals), new PushApprovalService(test.OpenAnother().PushApprovals) };
            for (int round = 0; round < 5; round++)
            {
                string user = "user" + round;
                var together = new System.Threading.Barrier(8);
                var adds = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
                {
                    together.SignalAndWait(TimeSpan.FromSeconds(10));
                    return servers[i % 2].TryCreate(user, "ras1", null, null, Now, TimeSpan.FromSeconds(120), maxPendingPerUser: 1) != null;
                })).ToArray();

                Assert.Equal(1, adds.Count(add => add.Result));
                Assert.Equal(1, test.Store.PushApprovals.CountPending(user, Now.AddSeconds(1)));
            }
        }

        [Fact]
        public void Malformed_tokens_open_nothing_without_reading_the_store()
        {
            Assert.Null(ApprovalToken.Hash("short"));
            Assert.Null(ApprovalToken.Hash(new string('a', 42) + "/"));
            Assert.NotNull(ApprovalToken.Hash(ApprovalToken.New()));
            Assert.NotEqual(ApprovalToken.New(), ApprovalToken.New());
        }
    }
}
