using System;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Logging;

// Several methods share one event id and name on purpose: the id is the class of line an admin filters by (LogEvents).
#pragma warning disable SYSLIB1025

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// The UDP listener's log lines, source-generated: a level that is off costs a level check, no formatting or boxing.
    /// Lines that carry names from the store or the wire are escaped here, after that check.
    /// </summary>
    internal static partial class RadiusServerLog
    {
        [LoggerMessage(EventId = 0, Level = LogLevel.Debug, Message = "Receive on {Endpoint} reported {Error}; listening on.")]
        public static partial void ReceiveFailed(ILogger logger, Exception exception, EndPoint? endpoint, SocketError error);

        [LoggerMessage(EventId = LogEvents.Ids.DrainUnfinished, EventName = nameof(LogEvents.DrainUnfinished), Level = LogLevel.Warning,
            Message = "Stopping with {Count} requests still undecided after {Seconds} s; they get no answer.")]
        public static partial void DrainUnfinished(ILogger logger, int count, double seconds);

        [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "The receive buffer of {Endpoint} is {Effective} octets, less than the {Requested} asked for (ReceiveBufferBytes): {Advice}")]
        public static partial void ReceiveBufferCapped(ILogger logger, EndPoint? endpoint, int effective, int requested, string advice);

        /// <param name="count">Packets discarded for this reason since the last line, this one included.</param>
        public static void PacketDropped(ILogger logger, IPEndPoint source, DropReason reason, string detail, long count)
        {
            if (logger.IsEnabled(LogLevel.Warning)) PacketDroppedLine(logger, source, reason, DisplayText.Escape(detail), count);
        }

        [LoggerMessage(EventId = LogEvents.Ids.PacketsDropped, EventName = nameof(LogEvents.PacketsDropped), Level = LogLevel.Warning, SkipEnabledCheck = true,
            Message = "Discarded a packet from {Source}: {Reason} ({Detail}); {Count} discarded for this reason since the last message.")]
        private static partial void PacketDroppedLine(ILogger logger, IPEndPoint source, DropReason reason, string detail, long count);

        [LoggerMessage(EventId = LogEvents.Ids.RequestFault, EventName = nameof(LogEvents.RequestFault), Level = LogLevel.Error,
            Message = "A packet from {Source} could not be handled; {Count} failed since the last message.")]
        public static partial void PacketFault(ILogger logger, Exception fault, IPEndPoint source, long count);

        public static void RequestFault(ILogger logger, Exception fault, string client, IPEndPoint source, long count)
        {
            if (logger.IsEnabled(LogLevel.Error)) RequestFaultLine(logger, fault, DisplayText.Escape(client), source, count);
        }

        [LoggerMessage(EventId = LogEvents.Ids.RequestFault, EventName = nameof(LogEvents.RequestFault), Level = LogLevel.Error, SkipEnabledCheck = true,
            Message = "Handling an Access-Request from {Client} ({Source}) failed; no answer was sent. {Count} failed since the last message.")]
        private static partial void RequestFaultLine(ILogger logger, Exception fault, string client, IPEndPoint source, long count);
    }
}
