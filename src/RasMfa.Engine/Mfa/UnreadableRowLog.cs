using System;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Logging;
using RasMfa.Engine.Mfa.Stages;

namespace RasMfa.Engine.Mfa
{
    /// <summary>
    /// Logs the shared store's rows this RasMfa cannot read, at most once per table per interval with how many since, so
    /// that a client retransmitting a login whose row is damaged cannot fill the log.
    /// </summary>
    public sealed class UnreadableRowLog
    {
        private readonly ILogger _logger;
        private readonly ConcurrentDictionary<string, RateLimitedLog> _byTable = new ConcurrentDictionary<string, RateLimitedLog>();
        private readonly Func<string, RateLimitedLog> _newLimit;

        public UnreadableRowLog(ILogger logger, TimeSpan interval, Func<DateTime>? clock = null)
        {
            _logger = logger;
            _newLimit = _ => new RateLimitedLog(interval, clock: clock);
        }

        public void Unreadable(string table, string reason, string outcome)
        {
            var turn = _byTable.GetOrAdd(table, _newLimit).Occurred();
            if (!turn.Write) return;
            LoginLog.UnreadableRow(_logger, table, reason, outcome, turn.SuppressedBefore + 1);
        }
    }
}
