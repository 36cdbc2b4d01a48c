using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Logging;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Logs when what checks passwords (a directory, upstream servers: by configured name) stops answering and when it
    /// answers again: one line per change, not per login, so that an outage during a busy hour is two lines, not thousands.
    /// </summary>
    public sealed class FirstFactorHealthLog
    {
        private readonly ILogger _logger;
        private readonly ConcurrentDictionary<string, bool> _reachable = new ConcurrentDictionary<string, bool>();

        public FirstFactorHealthLog(ILogger logger) => _logger = logger;

        public void Checked(string source, bool reachable, string? reason)
        {
            // The reason is what a directory or server said, the source a name an admin typed: both escaped, as in the audit log.
            // A source not seen yet counts as reachable: its first answer is not news, its first failure is.
            var before = _reachable.GetOrAdd(source, true);
            if (before == reachable || !_reachable.TryUpdate(source, reachable, before)) return;
            if (reachable) LoginLog.FirstFactorUp(_logger, source);
            else LoginLog.FirstFactorDown(_logger, source, reason);
        }
    }
}
