using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using RasMfa.Engine.Audit;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R12 (issue 16): audit record ids are now 48 bits of milliseconds then 80 random bits from one shared generator.
    /// What held: ids made at once on many threads, or with the clock set back, are all different and well formed.
    /// </summary>
    public sealed class ReviewR12RecordIdTests
    {
        [Fact]
        public void Ids_made_at_once_on_many_threads_are_all_different()
        {
            var ids = new ConcurrentBag<string>();
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
            {
                for (int i = 0; i < 20000; i++) ids.Add(AuthenticationRecord.NewRecordId());
            });
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
            Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        }

        [Fact]
        public void Ids_made_with_the_clock_set_back_to_one_instant_stay_different_and_carry_that_instant()
        {
            var instant = new DateTime(2026, 11, 30, 1, 0, 0, DateTimeKind.Utc);
            var ids = Enumerable.Range(0, 50000).Select(_ => AuthenticationRecord.RecordIdAt(instant)).ToList();
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
            long milliseconds = (instant.Ticks - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks) / TimeSpan.TicksPerMillisecond;
            Assert.All(ids, id => Assert.Equal(milliseconds.ToString("x12"), id.Substring(0, 12)));
            Assert.True(string.CompareOrdinal(AuthenticationRecord.RecordIdAt(instant.AddHours(-1)), ids[0]) < 0);
        }
    }
}
