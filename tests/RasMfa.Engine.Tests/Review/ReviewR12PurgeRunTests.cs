using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Tests.Mfa;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R12 (issue 16): the expired-row purge now runs as an async void timer callback. What held: a run in flight when
    /// the listener stops writes no further batch after its current one (none after the store closes), and a run whose
    /// write fails does not take the process down, and the next run tries again.
    /// </summary>
    public sealed class ReviewR12PurgeRunTests
    {
        private static readonly TimeSpan Ample = TimeSpan.FromSeconds(30);

        [Fact]
        public void A_run_in_flight_when_the_scheduler_is_disposed_writes_no_further_batch()
        {
            var store = new GatedPurgeStore();
            var purge = new ExpiredChallengeScheduler(store, NullLogger.Instance, TimeSpan.FromMilliseconds(10));
            Assert.True(store.Called.Wait(Ample), "a run starts");
            purge.Dispose();
            // A full batch: the run would go on. The continuation runs inline (no RunContinuationsAsynchronously), so the
            // run has ended, or asked for its next batch, by the time SetResult returns.
            store.Pending!.SetResult(ExpiredChallengeScheduler.BatchSize);
            Assert.Equal(1, store.Calls);
        }

        [Fact]
        public void A_run_whose_write_fails_is_logged_and_the_next_run_tries_again()
        {
            var store = new GatedPurgeStore { FailFirst = true };
            using var purge = new ExpiredChallengeScheduler(store, NullLogger.Instance, TimeSpan.FromMilliseconds(10));
            Assert.True(store.Second.Wait(Ample), "a second run after the first one's write failed");
        }

        private sealed class GatedPurgeStore : DelegatingLoginStore
        {
            public GatedPurgeStore() : base(null!) { }

            public ManualResetEventSlim Called { get; } = new ManualResetEventSlim();

            public ManualResetEventSlim Second { get; } = new ManualResetEventSlim();

            public bool FailFirst { get; set; }

            public int Calls;

            public TaskCompletionSource<int>? Pending;

            public override Task<int> PurgeExpiredAsync(DateTime nowUtc, int batch)
            {
                int call = Interlocked.Increment(ref Calls);
                if (call == 2) Second.Set();
                if (FailFirst) return call == 1 ? Task.FromException<int>(new InvalidOperationException("the store is gone")) : Task.FromResult(0);
                if (call == 1)
                {
                    Pending = new TaskCompletionSource<int>();
                    Called.Set();
                    return Pending.Task;
                }
                return Task.FromResult(0);
            }
        }
    }
}
