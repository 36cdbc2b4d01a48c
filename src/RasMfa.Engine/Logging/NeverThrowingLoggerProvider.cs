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
    /// </summary>
    internal sealed class NeverThrowingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private static readonly TimeSpan ReportEvery = TimeSpan.FromMinutes(5);
        private readonly ILoggerProvider _sink;
        private readonly ILogger _faults;
        private readonly RateLimitedLog _faultLines;
        private long _failures;

        /// <param name="sink">The provider wrapped; not disposed with this one (its owner disposes it).</param>
        /// <param name="faults">Where a failure of <paramref name="sink"/> is reported: a logger that does not throw.</param>
        public NeverThrowingLoggerProvider(ILoggerProvider sink, ILogger faults, Func<DateTime>? clock = null)
        {
            _sink = sink;
            _faults = faults;
            _faultLines = new RateLimitedLog(ReportEvery, clock: clock);
        }

        /// <summary>How many calls into the sink failed since the listener started.</summary>
        public long Failures => System.Threading.Interlocked.Read(ref _failures);

        public ILogger CreateLogger(string categoryName)
        {
            try
            {
                return new Guarded(this, _sink.CreateLogger(categoryName));
            }
            catch (Exception e)
            {
                Failed(e);
                return Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
            }
        }

        public void SetScopeProvider(IExternalScopeProvider scopeProvider)
        {
            if (!(_sink is ISupportExternalScope scoped)) return;
            try
            {
                scoped.SetScopeProvider(scopeProvider);
            }
            catch (Exception e)
            {
                Failed(e);
            }
        }

        public void Dispose()
        {
        }

        private void Failed(Exception e)
        {
            System.Threading.Interlocked.Increment(ref _failures);
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
            private readonly NeverThrowingLoggerProvider _owner;
            private readonly ILogger _logger;

            public Guarded(NeverThrowingLoggerProvider owner, ILogger logger)
            {
                _owner = owner;
                _logger = logger;
            }

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                try
                {
                    return _logger.BeginScope(state);
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
                    return _logger.IsEnabled(logLevel);
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
                    _logger.Log(logLevel, eventId, state, exception, formatter);
                }
                catch (Exception e)
                {
                    _owner.Failed(e);
                }
            }
        }
    }
}
