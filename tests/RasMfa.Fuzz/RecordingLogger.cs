using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace RasMfa.Fuzz
{
    /// <summary>Keeps what the engine logs at Error or above: the listener catches its own faults and logs them, so a fault
    /// that never escapes as an exception still shows here.</summary>
    public sealed class RecordingLogger : ILogger
    {
        public List<string> Errors { get; } = new List<string>();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error) Errors.Add(formatter(state, exception) + (exception == null ? "" : Environment.NewLine + exception));
        }
    }
}
