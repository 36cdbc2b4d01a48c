using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Logging;
using Xunit;

namespace RasMfa.Engine.Tests.Logging
{
    /// <summary>
    /// The rate limit behind every flood-prone log message (discarded packets, ignored upstream replies, unreadable rows,
    /// unwritten audit records): what an admin reading the log relies on is that a flood writes few lines, and that the
    /// next line says how many were not written, none lost.
    /// </summary>
    public sealed class RateLimitedLogTests
    {
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
        private DateTime _now = new DateTime(2026, 11, 29, 8, 0, 0, DateTimeKind.Utc);

        private RateLimitedLog NewLog(int linesPerInterval = 1) => new RateLimitedLog(Interval, linesPerInterval, () => _now);

        [Fact]
        public void The_first_message_is_written_the_repeats_within_the_interval_are_counted_and_the_next_written_one_says_how_many()
        {
            var log = NewLog();
            var first = log.Occurred();
            Assert.True(first.Write);
            Assert.Equal(0, first.SuppressedBefore);

            for (int i = 0; i < 7; i++)
            {
                _now += TimeSpan.FromSeconds(1);
                Assert.False(log.Occurred().Write);
            }

            _now += TimeSpan.FromSeconds(3); // 10 s after the first
            var next = log.Occurred();
            Assert.True(next.Write);
            Assert.Equal(7, next.SuppressedBefore);

            _now += Interval;
            Assert.Equal(0, log.Occurred().SuppressedBefore); // the count went with the line that said it
        }

        [Fact]
        public void The_interval_runs_from_the_written_message_and_suppressed_ones_do_not_stretch_it()
        {
            var log = NewLog();
            Assert.True(log.Occurred().Write);
            _now += Interval - TimeSpan.FromTicks(1);
            Assert.False(log.Occurred().Write);
            _now += TimeSpan.FromTicks(1);
            Assert.True(log.Occurred().Write);
        }

        [Fact]
        public void Occurrences_counted_together_are_all_in_the_suppressed_count()
        {
            var log = NewLog();
            log.Occurred(3);
            log.Occurred(4);
            log.Occurred(5);
            _now += Interval;
            Assert.Equal(9, log.Occurred(2).SuppressedBefore);
        }

        [Fact]
        public void Several_lines_per_interval_are_written_then_the_first_held_back_is_flagged_once()
        {
            var log = NewLog(linesPerInterval: 3);
            var turns = Enumerable.Range(0, 8).Select(_ => log.Occurred()).ToList();

            Assert.Equal(new[] { true, true, true, false, false, false, false, false }, turns.Select(t => t.Write));
            Assert.Equal(new[] { false, false, false, true, false, false, false, false }, turns.Select(t => t.FirstSuppressedInInterval));

            _now += Interval;
            var next = log.Occurred();
            Assert.True(next.Write);
            Assert.Equal(5, next.SuppressedBefore);
            log.Occurred();
            log.Occurred();
            Assert.True(log.Occurred().FirstSuppressedInInterval); // flagged again in the new interval
        }

        [Fact]
        public void A_clock_turned_back_starts_a_new_interval_instead_of_silencing_the_log_until_it_catches_up()
        {
            var log = NewLog();
            Assert.True(log.Occurred().Write);
            Assert.False(log.Occurred().Write);
            _now -= TimeSpan.FromHours(1);
            var afterTurnBack = log.Occurred();
            Assert.True(afterTurnBack.Write);
            Assert.Equal(1, afterTurnBack.SuppressedBefore);
        }

        [Fact]
        public async Task Concurrent_callers_lose_no_count_and_write_within_the_limit()
        {
            const int callers = 8, eventsEach = 200000;
            var log = NewLog(linesPerInterval: 2);
            int written = 0, firstHeldBack = 0;
            long suppressedReported = 0;
            using (var start = new Barrier(callers))
            {
                var tasks = Enumerable.Range(0, callers).Select(_ => Task.Factory.StartNew(() =>
                {
                    start.SignalAndWait();
                    for (int i = 0; i < eventsEach; i++)
                    {
                        var turn = log.Occurred();
                        if (turn.Write) Interlocked.Increment(ref written);
                        if (turn.FirstSuppressedInInterval) Interlocked.Increment(ref firstHeldBack);
                        Interlocked.Add(ref suppressedReported, turn.SuppressedBefore);
                    }
                }, TaskCreationOptions.LongRunning)).ToArray();
                await Task.WhenAll(tasks);
            }

            Assert.Equal(2, written);
            Assert.Equal(1, firstHeldBack);
            Assert.Equal(0, suppressedReported);
            _now += Interval;
            Assert.Equal(callers * eventsEach - 2, log.Occurred().SuppressedBefore);
        }

        [Fact]
        public void A_negative_interval_or_no_line_per_interval_is_refused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new RateLimitedLog(TimeSpan.FromSeconds(-1)));
            Assert.Throws<ArgumentOutOfRangeException>(() => new RateLimitedLog(Interval, linesPerInterval: 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => NewLog().Occurred(0));
        }
    }
}
