using Microsoft.Extensions.Logging;

namespace RasMfa.Service
{
    /// <summary>
    /// The engine's listener builds its own logger factory (for the in-memory log sessions read); this provider hands its
    /// categories to the host's, so that the listener's lines reach the console or journald with the host's filters.
    /// </summary>
    internal sealed class HostLogForwarder : ILoggerProvider
    {
        private readonly ILoggerFactory _hostLoggers;

        public HostLogForwarder(ILoggerFactory hostLoggers) => _hostLoggers = hostLoggers;

        public ILogger CreateLogger(string categoryName) => _hostLoggers.CreateLogger(categoryName);

        /// <summary>The host's factory is the host's to dispose.</summary>
        public void Dispose()
        {
        }
    }
}
