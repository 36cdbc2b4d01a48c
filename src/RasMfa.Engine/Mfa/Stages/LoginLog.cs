using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Logging;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// The login path's log lines, source-generated: a level that is off costs a level check, no formatting, boxing or
    /// escaping. Names and reasons come from the wire, a first factor or the store: escaped here, after that check.
    /// </summary>
    internal static partial class LoginLog
    {
        /// <summary>The line of a login answered: its event id by its result (Accept, Challenge, anything else a rejection).</summary>
        public static void Decided(ILogger logger, AuthenticationRecord audit)
        {
            if (!logger.IsEnabled(LogLevel.Information)) return;
            string user = DisplayText.Escape(audit.UserName), client = DisplayText.Escape(audit.ClientName), reason = DisplayText.Escape(audit.Reason);
            if (audit.Result == nameof(VerdictKind.Accept)) Accepted(logger, audit.Result, user, client, audit.ClientAddress, reason);
            else if (audit.Result == nameof(VerdictKind.Challenge)) Challenged(logger, audit.Result, user, client, audit.ClientAddress, reason);
            else Rejected(logger, audit.Result, user, client, audit.ClientAddress, reason);
        }

        [LoggerMessage(EventId = LogEvents.Ids.LoginAccepted, EventName = nameof(LogEvents.LoginAccepted), Level = LogLevel.Information, SkipEnabledCheck = true,
            Message = "{Result} {User} at {Client} ({Address}): {Reason}.")]
        private static partial void Accepted(ILogger logger, string result, string user, string client, string? address, string reason);

        [LoggerMessage(EventId = LogEvents.Ids.LoginChallenged, EventName = nameof(LogEvents.LoginChallenged), Level = LogLevel.Information, SkipEnabledCheck = true,
            Message = "{Result} {User} at {Client} ({Address}): {Reason}.")]
        private static partial void Challenged(ILogger logger, string result, string user, string client, string? address, string reason);

        [LoggerMessage(EventId = LogEvents.Ids.LoginRejected, EventName = nameof(LogEvents.LoginRejected), Level = LogLevel.Information, SkipEnabledCheck = true,
            Message = "{Result} {User} at {Client} ({Address}): {Reason}.")]
        private static partial void Rejected(ILogger logger, string result, string user, string client, string? address, string reason);

        public static void DecidedElsewhere(ILogger logger, string? user, string client)
        {
            if (logger.IsEnabled(LogLevel.Debug)) DecidedElsewhereLine(logger, DisplayText.Escape(user), DisplayText.Escape(client));
        }

        [LoggerMessage(EventId = 0, Level = LogLevel.Debug, SkipEnabledCheck = true, Message = "{User} at {Client}: answered as another server decided the same request.")]
        private static partial void DecidedElsewhereLine(ILogger logger, string user, string client);

        public static void ClaimTakenOver(ILogger logger, string client, string server)
        {
            if (logger.IsEnabled(LogLevel.Warning)) ClaimTakenOverLine(logger, DisplayText.Escape(client), DisplayText.Escape(server));
        }

        [LoggerMessage(EventId = 0, Level = LogLevel.Warning, SkipEnabledCheck = true,
            Message = "Client {Client}: a request claimed by server {Server} was not answered within DuplicateWaitSeconds; this server decides it.")]
        private static partial void ClaimTakenOverLine(ILogger logger, string client, string server);

        [LoggerMessage(EventId = 0, Level = LogLevel.Warning,
            Message = "A {Table} row of the store cannot be read ({Reason}): {Outcome}; {Count} such rows met since the last message. Was the store altered by hand, or is another RasMfa version on it?")]
        public static partial void UnreadableRow(ILogger logger, string table, string reason, string outcome, long count);

        public static void FirstFactorUp(ILogger logger, string source)
        {
            if (logger.IsEnabled(LogLevel.Information)) FirstFactorUpLine(logger, DisplayText.Escape(source));
        }

        [LoggerMessage(EventId = LogEvents.Ids.FirstFactorUp, EventName = nameof(LogEvents.FirstFactorUp), Level = LogLevel.Information, SkipEnabledCheck = true,
            Message = "The first factor {Source} answers again.")]
        private static partial void FirstFactorUpLine(ILogger logger, string source);

        public static void FirstFactorDown(ILogger logger, string source, string? reason)
        {
            if (logger.IsEnabled(LogLevel.Warning)) FirstFactorDownLine(logger, DisplayText.Escape(source), DisplayText.Escape(reason ?? ""));
        }

        [LoggerMessage(EventId = LogEvents.Ids.FirstFactorDown, EventName = nameof(LogEvents.FirstFactorDown), Level = LogLevel.Warning, SkipEnabledCheck = true,
            Message = "The first factor {Source} is unavailable ({Reason}): its logins are rejected until it answers.")]
        private static partial void FirstFactorDownLine(ILogger logger, string source, string reason);
    }
}
