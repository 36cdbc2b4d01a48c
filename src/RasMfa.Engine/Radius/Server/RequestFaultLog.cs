using System;
using System.Net;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Logging;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// Logs requests that failed by a defect (RequestFault, at Error with the stack trace) at a rate limit: a defect that some
    /// User-Name triggers is otherwise one Error per packet, which anyone at the RAS login page can send, and the event log
    /// keeps every one. A few lines per interval, so that a second defect still shows beside the first; the rest are counted.
    /// </summary>
    public sealed class RequestFaultLog
    {
        public const int LinesPerInterval = 3;
        private readonly ILogger _logger;
        private readonly RateLimitedLog _limit;

        public RequestFaultLog(ILogger logger, TimeSpan interval, Func<DateTime>? clock = null)
        {
            _logger = logger;
            _limit = new RateLimitedLog(interval, LinesPerInterval, clock);
        }

        /// <param name="client">The client's name, null when the packet failed before one was known.</param>
        public void Failed(Exception fault, string? client, IPEndPoint source)
        {
            var turn = _limit.Occurred();
            if (!turn.Write) return;
            try
            {
                if (client == null) RadiusServerLog.PacketFault(_logger, fault, source, turn.SuppressedBefore + 1);
                else RadiusServerLog.RequestFault(_logger, fault, client, source, turn.SuppressedBefore + 1);
            }
            catch (Exception)
            {
                // A log sink that throws (an Event Log that is full and may not overwrite) never decides a packet's fate,
                // nor ends the receive thread that reports it.
            }
        }
    }
}
