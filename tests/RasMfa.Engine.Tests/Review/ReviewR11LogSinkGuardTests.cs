using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Logging;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R11 (issue 16): the guard put around every log sink the host gives the listener (NeverThrowingLoggerProvider)
    /// must change nothing for a sink that works: the lines and scopes it got before, it gets behind the guard; and a sink
    /// that failed once must get its lines again once it works.
    /// </summary>
    public sealed class ReviewR11LogSinkGuardTests
    {
        private readonly List<string> _faults = new List<string>();

        private ILoggerFactory Factory(ILoggerProvider sink, bool guarded) =>
            new LoggerFactory(new[] { guarded ? new NeverThrowingLoggerProvider(sink, new ListLogger(_faults)) : sink });

        // The service's sink (HostLogForwarder) does not take an external scope provider: its loggers keep their own scopes.
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_sink_that_keeps_its_own_scopes_sees_a_scope_begun_on_the_listeners_logger_behind_the_guard_too(bool guarded)
        {
            var sink = new RecordingProvider();
            using var factory = Factory(sink, guarded);
            var logger = factory.CreateLogger("RasMfa.Radius");
            using (logger.BeginScope("request 42"))
                logger.LogWarning("a line");
            Assert.Contains("request 42", sink.Scopes);
        }

        // A sink whose CreateLogger failed once (an Event Log source not yet registered at start) gets NullLogger for that
        // category, and the factory keeps that logger: every later line of the category is lost to the sink until a restart.
        [Fact]
        public void A_sink_that_failed_once_to_make_a_categorys_logger_gets_that_categorys_lines_once_it_works_again()
        {
            var sink = new RecordingProvider { FailNextCreate = true };
            using var factory = Factory(sink, guarded: true);
            var first = factory.CreateLogger("RasMfa.Radius");
            first.LogWarning("lost: the sink failed");
            Assert.Single(_faults);

            var later = factory.CreateLogger("RasMfa.Radius");
            later.LogWarning("a decision line");
            Assert.Contains("a decision line", sink.Lines);
        }

        private sealed class RecordingProvider : ILoggerProvider
        {
            public List<string> Lines { get; } = new List<string>();
            public List<string> Scopes { get; } = new List<string>();
            public bool FailNextCreate { get; set; }

            public ILogger CreateLogger(string categoryName)
            {
                if (FailNextCreate)
                {
                    FailNextCreate = false;
                    throw new InvalidOperationException("The event source is not registered yet.");
                }
                return new Recording(this);
            }

            public void Dispose()
            {
            }

            private sealed class Recording : ILogger
            {
                private readonly RecordingProvider _owner;

                public Recording(RecordingProvider owner) => _owner = owner;

                public IDisposable? BeginScope<TState>(TState state) where TState : notnull
                {
                    _owner.Scopes.Add(state.ToString()!);
                    return null;
                }

                public bool IsEnabled(LogLevel logLevel) => true;

                public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                    _owner.Lines.Add(formatter(state, exception));
            }
        }

        private sealed class ListLogger : ILogger
        {
            private readonly List<string> _lines;

            public ListLogger(List<string> lines) => _lines = lines;

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                _lines.Add(formatter(state, exception));
        }
    }
}
