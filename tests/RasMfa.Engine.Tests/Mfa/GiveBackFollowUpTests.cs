using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Stages;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// Give-backs go one write at a time. A reservation kept while one is being written must still be given back once that
    /// write lands, without waiting for another login: on a quiet server none may come, and the user stays a failure short.
    /// </summary>
    public sealed class GiveBackFollowUpTests
    {
        /// <summary>Records the give-backs asked for; the first one is held until the test lets it land.</summary>
        private sealed class HeldGiveBackStore : ILoginStore
        {
            public readonly TaskCompletionSource<bool> FirstLands = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            public readonly ConcurrentQueue<long[]> GivenBack = new ConcurrentQueue<long[]>();

            public Task GiveBackAsync(IReadOnlyCollection<AttemptReservation> reservations)
            {
                var ids = new List<long>();
                foreach (var reserved in reservations) ids.Add(reserved.UserId);
                GivenBack.Enqueue(ids.ToArray());
                return GivenBack.Count == 1 ? FirstLands.Task : Task.CompletedTask;
            }

            public LoginLookup Find(string requestedName) => throw new NotSupportedException();
            public LoginLookup FindByNames(IReadOnlyCollection<string> names) => throw new NotSupportedException();
            public Task<AttemptReservation> ReserveAttemptAsync(long userId, LockoutPolicy lockout) => throw new NotSupportedException();
            public Task<LoginSettlement> SettleAsync(LoginWrite write, DecidedRequest? request, Func<LoginSettlement, LoginRecord> describe) => throw new NotSupportedException();
            public Task<RequestDecision> ClaimAsync(DecidedRequest request, TimeSpan lease) => throw new NotSupportedException();
            public RequestDecision? FindDecision(byte[] requestKey) => throw new NotSupportedException();
            public PendingChallenge? FindChallenge(byte[] state) => throw new NotSupportedException();
            public ChallengeCounts CountChallenges(DateTime nowUtc) => throw new NotSupportedException();
            public Task<int> PurgeExpiredAsync(DateTime nowUtc, int batch) => throw new NotSupportedException();
        }

        private static AttemptReservation Reserved(long userId) =>
            new AttemptReservation(userId, new LockoutPolicy(5, TimeSpan.FromMinutes(15), DateTime.UtcNow), LoginIneligibility.None, null);

        [Fact]
        public async Task A_reservation_kept_while_a_give_back_is_written_is_given_back_when_that_write_lands()
        {
            var store = new HeldGiveBackStore();
            var giveBacks = new ReservationGiveBacks(store, NullLogger.Instance);
            giveBacks.Keep(Reserved(1));
            var first = giveBacks.GiveBackAsync();
            // The first write is under way: this one waits, and its own call writes nothing.
            giveBacks.Keep(Reserved(2));
            await giveBacks.GiveBackAsync();
            store.FirstLands.SetResult(true);
            await first;
            var writes = store.GivenBack.ToArray();
            Assert.True(writes.Length == 2 && writes[1].Length == 1 && writes[1][0] == 2 && giveBacks.Waiting == 0,
                $"give-back writes: {string.Join(" | ", Array.ConvertAll(writes, ids => string.Join(",", ids)))}; still waiting: {giveBacks.Waiting}");
        }
    }
}
