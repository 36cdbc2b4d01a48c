using System;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RasMfa.Engine.Mfa
{
    /// <summary>
    /// Logs the shared store's rows this RasMfa cannot read, at most once per table per interval with how many since, so
    /// that a client retransmitting a login whose row is damaged cannot fill the log.
    /// </summary>
    public sealed class UnreadableRowLog
    {
        private readonly ILogger _logger;
        private readonly TimeSpan _interval;
        private readonly ConcurrentDictionary<string, long> _sinceLogged = new ConcurrentDictionary<string, long>();
        private readonly ConcurrentDictionary<string, DateTime> _lastLogged = new ConcurrentDictionary<string, DateTime>();

        public UnreadableRowLog(ILogger logger, TimeSpan interval)
        {
            _logger = logger;
            _interval = interval;
        }

        public void Unreadable(string table, string reason, string outcome)
        {
            var pending = _sinceLogged.AddOrUpdate(table, 1, (_, n) => n + 1);
            var now = DateTime.UtcNow;
            var last = _lastLogged.GetOrAdd(table, DateTime.MinValue);
            if (now - last < _interval || !_lastLogged.TryUpdate(table, now, last)) return;
            _sinceLogged.AddOrUpdate(table, 0, (_, n) => n - pending);
            _logger.LogWarning("A {Table} row of the store cannot be read ({Reason}): {Outcome}; {Count} such rows met since the last message. " +
                "Was the store altered by hand, or is another RasMfa version on it?", table, reason, outcome, pending);
        }
    }
}
