using System;
using System.Globalization;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Logging;
using RasMfa.Engine.Configuration;

// Several methods share one event id and name on purpose: the id is the class of line an admin filters by (LogEvents).
#pragma warning disable SYSLIB1025

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// The login path's lines about writes the store did not take (an outage, audit records, reserved attempts),
    /// source-generated: a level that is off costs a level check, no formatting, boxing or escaping.
    /// </summary>
    internal static partial class StoreFailureLog
    {
        [LoggerMessage(EventId = LogEvents.Ids.StoreUnavailable, EventName = nameof(LogEvents.StoreUnavailable), Level = LogLevel.Error,
            Message = "The store cannot be used ({Error}): logins are answered by {Answer} (StoreUnavailableAnswer), never accepted, until it can be used again.")]
        public static partial void StoreUnavailable(ILogger logger, string error, StoreUnavailableAnswer answer);

        [LoggerMessage(EventId = LogEvents.Ids.StoreReturned, EventName = nameof(LogEvents.StoreReturned), Level = LogLevel.Warning,
            Message = "The store can be used again after {Seconds:0.#} s: {Count} logins were answered as StoreUnavailableAnswer says meanwhile.")]
        public static partial void StoreReturned(ILogger logger, double seconds, long count);

        [LoggerMessage(EventId = LogEvents.Ids.AuditRecordNotWritten, EventName = nameof(LogEvents.AuditRecordNotWritten), Level = LogLevel.Error,
            Message = "{Count} more audit records were not written in the last period and not logged in full; they wait in the spool to be written ({Unwritten} not written so far).")]
        public static partial void AuditRecordsNotLogged(ILogger logger, long count, long unwritten);

        public static void AuditRecordKept(ILogger logger, Exception error, AuthenticationRecord record, long unwritten)
        {
            if (logger.IsEnabled(LogLevel.Error))
                AuditRecordKeptLine(logger, error, unwritten, Time(record), record.Result, DisplayText.Escape(record.UserName), DisplayText.Escape(record.ClientName),
                    record.ClientAddress, DisplayText.Escape(record.Method), record.Milliseconds, DisplayText.Escape(record.Reason));
        }

        [LoggerMessage(EventId = LogEvents.Ids.AuditRecordNotWritten, EventName = nameof(LogEvents.AuditRecordNotWritten), Level = LogLevel.Error, SkipEnabledCheck = true,
            Message = "Audit record not written ({Unwritten} so far): {Time} {Result} {User} at {Client} ({Address}) by {Method} in {Milliseconds} ms: {Reason}.")]
        private static partial void AuditRecordKeptLine(ILogger logger, Exception error, long unwritten, string time, string result, string user, string client,
            string address, string method, double milliseconds, string reason);

        [LoggerMessage(EventId = LogEvents.Ids.AuditRecordNotWritten, EventName = nameof(LogEvents.AuditRecordNotWritten), Level = LogLevel.Error,
            Message = "More than {Limit} audit records were not written within {Seconds} s: the rest of this period's are counted and kept in the spool, not logged in full ({Error}).")]
        public static partial void AuditRecordsHeldBack(ILogger logger, int limit, double seconds, string error);

        public static void AuditRecordRefused(ILogger logger, Exception error, AuthenticationRecord record, long unwritten)
        {
            if (logger.IsEnabled(LogLevel.Error))
                AuditRecordRefusedLine(logger, error, unwritten, Time(record), record.Result, DisplayText.Escape(record.UserName), DisplayText.Escape(record.ClientName),
                    record.ClientAddress, DisplayText.Escape(record.Method), record.Milliseconds, DisplayText.Escape(record.Reason));
        }

        [LoggerMessage(EventId = LogEvents.Ids.AuditRecordNotWritten, EventName = nameof(LogEvents.AuditRecordNotWritten), Level = LogLevel.Error, SkipEnabledCheck = true,
            Message = "Audit record not written ({Unwritten} so far), and not kept: the store refused it and would refuse it again: {Time} {Result} {User} at {Client} ({Address}) by {Method} in {Milliseconds} ms: {Reason}.")]
        private static partial void AuditRecordRefusedLine(ILogger logger, Exception error, long unwritten, string time, string result, string user, string client,
            string address, string method, double milliseconds, string reason);

        public static void AuditRecordGivenUp(ILogger logger, AuthenticationRecord record)
        {
            if (logger.IsEnabled(LogLevel.Error))
                AuditRecordGivenUpLine(logger, Time(record), record.Result, DisplayText.Escape(record.UserName), DisplayText.Escape(record.ClientName),
                    record.ClientAddress, DisplayText.Escape(record.Method), record.Milliseconds, DisplayText.Escape(record.Reason));
        }

        [LoggerMessage(EventId = LogEvents.Ids.AuditRecordNotWritten, EventName = nameof(LogEvents.AuditRecordNotWritten), Level = LogLevel.Error, SkipEnabledCheck = true,
            Message = "Audit record not written, and given up by the full spool: {Time} {Result} {User} at {Client} ({Address}) by {Method} in {Milliseconds} ms: {Reason}.")]
        private static partial void AuditRecordGivenUpLine(ILogger logger, string time, string result, string user, string client,
            string address, string method, double milliseconds, string reason);

        [LoggerMessage(EventId = LogEvents.Ids.AuditSpoolFailed, EventName = nameof(LogEvents.AuditSpoolFailed), Level = LogLevel.Error,
            Message = "Writing the spooled audit records failed; they are kept for the next try.")]
        public static partial void AuditSpoolFailed(ILogger logger, Exception error);

        [LoggerMessage(EventId = LogEvents.Ids.AuditSpoolWritten, EventName = nameof(LogEvents.AuditSpoolWritten), Level = LogLevel.Information,
            Message = "Wrote {Written} audit records that had waited for the store.")]
        public static partial void AuditSpoolWritten(ILogger logger, int written);

        [LoggerMessage(EventId = LogEvents.Ids.AuditSpoolFailed, EventName = nameof(LogEvents.AuditSpoolFailed), Level = LogLevel.Error,
            Message = "{Refused} spooled audit records were refused by the store and dropped from the spool; each is in the log in full.")]
        public static partial void AuditSpoolRefused(ILogger logger, int refused);

        [LoggerMessage(EventId = LogEvents.Ids.AuditSpoolFailed, EventName = nameof(LogEvents.AuditSpoolFailed), Level = LogLevel.Error,
            Message = "{Failed} spooled audit records could not be written yet; they are kept for the next try.")]
        public static partial void AuditSpoolNotYetWritten(ILogger logger, int failed);

        [LoggerMessage(EventId = 0, Level = LogLevel.Warning,
            Message = "A reserved password attempt of user id {UserId} could not be kept to be given back ({Capacity} wait already); its failure stays counted. {Count} left counted since the last message.")]
        public static partial void ReservationLeftCounted(ILogger logger, long userId, int capacity, long count);

        [LoggerMessage(EventId = 0, Level = LogLevel.Information, Message = "Gave back {Count} reserved password attempts whose logins could not be recorded.")]
        public static partial void ReservationsGivenBack(ILogger logger, int count);

        [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "{Count} reserved password attempts could not be given back yet ({Error}); they wait for the next write.")]
        public static partial void ReservationsNotGivenBack(ILogger logger, int count, string error);

        private static string Time(AuthenticationRecord record) => record.TimeUtc.ToString("o", CultureInfo.InvariantCulture);
    }
}
