using System;
using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Logging;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// Logs discarded packets at most once per reason per interval, with how many were dropped since, so a flood cannot fill the log.
    /// The detail is escaped on its way to the log (RadiusServerLog), once for every caller: it carries names (a client's, from the store) that a spoofed packet
    /// gets written, and a line break or a terminal escape in one would forge a line in the journal or repaint the console.
    /// </summary>
    public sealed class DropLog
    {
        private readonly ILogger _logger;
        private readonly ConcurrentDictionary<DropReason, RateLimitedLog> _byReason = new ConcurrentDictionary<DropReason, RateLimitedLog>();
        private readonly Func<DropReason, RateLimitedLog> _newLimit;

        public DropLog(ILogger logger, TimeSpan interval, Func<DateTime>? clock = null)
        {
            _logger = logger;
            _newLimit = _ => new RateLimitedLog(interval, clock: clock);
        }

        public void Dropped(DropReason reason, IPEndPoint source, string detail)
        {
            var turn = _byReason.GetOrAdd(reason, _newLimit).Occurred();
            if (!turn.Write) return;
            try
            {
                RadiusServerLog.PacketDropped(_logger, source, reason, detail, turn.SuppressedBefore + 1);
            }
            catch (Exception)
            {
                // A log sink that throws never decides a packet's fate (see RequestFaultLog).
            }
        }
    }
}
