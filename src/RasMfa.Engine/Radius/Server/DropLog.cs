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

        public void Dropped(DropReason reason, IPEndPoint source, string detail) => Dropped(reason, source, detail, Itself);

        /// <summary>
        /// As <see cref="Dropped(DropReason, IPEndPoint, string)"/>, the detail made by <paramref name="detail"/> from
        /// <paramref name="state"/> only when the line is written: a flood of drops the limit keeps out of the log formats no
        /// text (pass a lambda that captures nothing, and what it needs as the state).
        /// </summary>
        public void Dropped<TState>(DropReason reason, IPEndPoint source, TState state, Func<TState, string> detail)
        {
            var turn = _byReason.GetOrAdd(reason, _newLimit).Occurred();
            if (!turn.Write) return;
            string text;
            try
            {
                text = detail(state);
            }
            catch (Exception)
            {
                // The line and its count of drops held back are still written: the log's totals add up to what was dropped.
                text = reason.ToString();
            }
            try
            {
                RadiusServerLog.PacketDropped(_logger, source, reason, text, turn.SuppressedBefore + 1);
            }
            catch (Exception)
            {
                // A log sink that throws never decides a packet's fate (see RequestFaultLog).
            }
        }

        private static readonly Func<string, string> Itself = text => text;
    }
}
