using System;
using Microsoft.Extensions.Logging;

namespace RasMfa.Engine.Logging
{
    /// <summary>
    /// A log provider the listener was given (the service host's console, journald or Windows Event Log), whose failures
    /// never reach the code that logs. Microsoft.Extensions.Logging rethrows a provider's exception to the caller, and
    /// every line on the request path (the decision of each login, a drop, a fault) would then fault the login it
    /// describes: the Event Log throws when the Application log is full and set not to overwrite, so a full log would
    /// stop every login. A write that fails is lost to that sink only; the other sinks, and the listener's own in-memory
    /// log (Get-RasMfaRadiusServer), still get the line, and the failure is reported there at a rate limit.
    /// Scopes reach the sink through its own loggers' BeginScope, guarded too: this provider does not take the factory's
    /// external scope provider (claiming that would keep scopes from a sink that keeps its own, as the service's forwarder
    /// does); a sink that takes one is given a scope provider of its own instead.
    /// </summary>
    internal sealed class NeverThrowingLoggerProvider : ILoggerProvider
    {
        private static readonly TimeSpan ReportEvery = TimeSpan.FromMinutes(5);
        private readonly ILoggerProvider _sink;
        private readonly ILogger _faults;
        private readonly RateLimitedLog _faultLines;

        /// <param name="sink">The provider wrapped; not disposed with this one (its owner disposes it).</param>
        /// <param name="faults">Where a failure of <paramref name="sink"/> is reported: a logger that does not throw.</param>
        public NeverThrowingLoggerProvider(ILoggerProvider sink, ILogger faults)
        {
            _sink = sink;
            _faults = faults;
            _faultLines = new RateLimitedLog(ReportEvery);
            if (sink is ISupportExternalScope scoped)
            {
                try
                {
                    scoped.SetScopeProvider(new LoggerExternalScopeProvider());
                }
                catch (Exception e)
                {
                    Failed(e);
                }
            }
        }

        /// <summary>A guarded logger; if the sink cannot make the category's logger now, it is asked again on later lines.</summary>
        public ILogger CreateLogger(string categoryName) => new Guarded(this, categoryName);

        public void Dispose()
        {
        }

        private void Failed(Exception e)
        {
            var turn = _faultLines.Occurred();
            if (!turn.Write) return;
            try
            {
                _faults.LogError("A log sink ({Sink}) failed and its lines are being lost to it ({Suppressed} more failures since the last report): {Fault}",
                    _sink.GetType().Name, turn.SuppressedBefore, e.GetBaseException().Message);
            }
            catch (Exception)
            {
                // The report is best effort too: nothing a sink does may fail the line's caller.
            }
        }

        private sealed class Guarded : ILogger
        {
            // After the k-th failure to make the sink's logger, the next 2^(k-1) - 1 calls do not ask again (at most 1023):
            // a sink that fails for good costs an exception per thousand calls, not per line; one that failed once is asked
            // again at once.
            private const int MaxSkipped = 1023;
            private readonly NeverThrowingLoggerProvider _owner;
            private readonly string _category;
            private readonly object _gate = new object();
            private volatile ILogger? _logger;
            private int _makeFailures;
            private int _skipped;

            public Guarded(NeverThrowingLoggerProvider owner, string category)
            {
                _owner = owner;
                _category = category;
                _logger = Make();
            }

            private ILogger? Make()
            {
                try
                {
                    return _owner._sink.CreateLogger(_category);
                }
                catch (Exception e)
                {
                    _owner.Failed(e);
                    _makeFailures++;
                    _skipped = 0;
                    return null;
                }
            }

            private ILogger? Logger
            {
                get
                {
                    var logger = _logger;
                    if (logger != null) return logger;
                    lock (_gate)
                    {
                        if (_logger != null) return _logger;
                        if (_skipped++ < Math.Min(MaxSkipped, (1 << Math.Min(_makeFailures - 1, 10)) - 1)) return null;
                        return _logger = Make();
                    }
                }
            }

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                try
                {
                    return Logger?.BeginScope(state);
                }
                catch (Exception e)
                {
                    _owner.Failed(e);
                    return null;
                }
            }

            public bool IsEnabled(LogLevel logLevel)
            {
                try
                {
                    return Logger?.IsEnabled(logLevel) ?? false;
                }
                catch (Exception e)
                {
                    _owner.Failed(e);
                    return false;
                }
            }

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                try
                {
                    Logger?.Log(logLevel, eventId, state, exception, formatter);
                }
                catch (Exception e)
                {
                    _owner.Failed(e);
                }
            }
        }
    }
}
