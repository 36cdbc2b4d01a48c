using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace RasMfa.Engine.Hosting
{
    /// <summary>
    /// Keeps the listener's recent log lines in memory so that a PowerShell session (which cannot be written to from a
    /// background thread) can read them: Get-RasMfaRadiusServer shows them, and build.ps1 Run prints them.
    /// </summary>
    public sealed class MemoryLog : ILoggerProvider
    {
        private readonly object _gate = new object();
        private readonly LinkedList<LogEntry> _entries = new LinkedList<LogEntry>();
        private readonly int _capacity;
        private long _sequence;

        public MemoryLog(int capacity = 1000) => _capacity = capacity;

        public IReadOnlyList<LogEntry> Since(long sequence)
        {
            lock (_gate) return _entries.Where(e => e.Sequence > sequence).ToList();
        }

        internal void Add(LogLevel level, int eventId, string category, string message, Exception? exception)
        {
            lock (_gate)
            {
                _entries.AddLast(new LogEntry(++_sequence, DateTime.UtcNow, level, category, exception == null ? message : $"{message} {exception.GetType().Name}: {exception.Message}", eventId));
                if (_entries.Count > _capacity) _entries.RemoveFirst();
            }
        }

        public ILogger CreateLogger(string categoryName) => new MemoryLogger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class MemoryLogger : ILogger
        {
            private readonly MemoryLog _log;
            private readonly string _category;

            public MemoryLogger(MemoryLog log, string category)
            {
                _log = log;
                _category = category;
            }

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) _log.Add(logLevel, eventId.Id, _category, formatter(state, exception), exception);
            }
        }
    }

    public sealed class LogEntry
    {
        public LogEntry(long sequence, DateTime timeUtc, LogLevel level, string category, string message, int eventId = 0)
        {
            EventId = eventId;
            Sequence = sequence;
            TimeUtc = timeUtc;
            Level = level;
            Category = category;
            Message = message;
        }

        public long Sequence { get; }
        public DateTime TimeUtc { get; }
        public LogLevel Level { get; }

        /// <summary>The line's class (Logging/LogEvents, docs/operations.md "Event ids"), as the event log and the journal show it; 0 for none.</summary>
        public int EventId { get; }
        public string Category { get; }
        public string Message { get; }
    }
}
