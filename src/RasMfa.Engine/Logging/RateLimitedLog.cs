using System;

namespace RasMfa.Engine.Logging
{
    /// <summary>
    /// Decides which of a stream of like log messages are written, so that a flood (forged packets, a store that is down,
    /// a damaged row met at every retransmission) cannot fill the log, yet no occurrence goes unmentioned: at most
    /// <c>linesPerInterval</c> messages per interval, the rest counted and that count handed to the next message written.
    /// An interval starts with the first message written after the previous interval ended; a clock turned back starts one
    /// too, so that logging does not stop until the clock catches up. The caller writes the message itself, in its own
    /// words and outside this lock, and keeps one instance per stream (per reason, per table, ...).
    /// </summary>
    public sealed class RateLimitedLog
    {
        private readonly TimeSpan _interval;
        private readonly int _linesPerInterval;
        private readonly Func<DateTime> _clock;
        private readonly object _gate = new object();
        private bool _started;
        private DateTime _intervalStartUtc;
        private int _writtenInInterval;
        private long _suppressed;

        public RateLimitedLog(TimeSpan interval, int linesPerInterval = 1, Func<DateTime>? clock = null)
        {
            if (interval < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval cannot be negative.");
            if (linesPerInterval < 1) throw new ArgumentOutOfRangeException(nameof(linesPerInterval), linesPerInterval, "At least one line per interval must be written.");
            _interval = interval;
            _linesPerInterval = linesPerInterval;
            _clock = clock ?? (() => DateTime.UtcNow);
        }

        /// <summary>Counts <paramref name="occurrences"/> of the event (one message's worth) and says whether to write its message.</summary>
        public Turn Occurred(long occurrences = 1)
        {
            if (occurrences < 1) throw new ArgumentOutOfRangeException(nameof(occurrences), occurrences, "An event occurs at least once.");
            lock (_gate)
            {
                var now = _clock();
                if (!_started || now - _intervalStartUtc >= _interval || now < _intervalStartUtc)
                {
                    _started = true;
                    _intervalStartUtc = now;
                    _writtenInInterval = 0;
                }
                if (_writtenInInterval < _linesPerInterval)
                {
                    _writtenInInterval++;
                    var suppressed = _suppressed;
                    _suppressed = 0;
                    return new Turn(true, suppressed, false);
                }
                // Nothing is suppressed at an interval's start (its first message takes the count), so zero means the first.
                var firstInInterval = _suppressed == 0;
                _suppressed += occurrences;
                return new Turn(false, 0, firstInInterval);
            }
        }

        /// <summary>What to do with one event's message.</summary>
        public readonly struct Turn
        {
            public Turn(bool write, long suppressedBefore, bool firstSuppressedInInterval)
            {
                Write = write;
                SuppressedBefore = suppressedBefore;
                FirstSuppressedInInterval = firstSuppressedInInterval;
            }

            /// <summary>Write this event's message.</summary>
            public bool Write { get; }

            /// <summary>When <see cref="Write"/>: the occurrences suppressed since the last message written, for this one to mention.</summary>
            public long SuppressedBefore { get; }

            /// <summary>Not written, and the first held back in this interval: for a caller that says once that it holds back.</summary>
            public bool FirstSuppressedInInterval { get; }
        }
    }
}
