using Microsoft.Extensions.Logging;

namespace RasMfa.Engine.Logging
{
    /// <summary>
    /// The event ids an admin filters the log by: the Windows event log's Event ID (source RasMfa), the number in brackets
    /// after the category in the journal (<c>RasMfa.Mfa[2001]</c>). One per decision class and fault, documented in
    /// docs/operations.md ("Event ids"); a test holds the two together. The thousands name the area. Lines of no such
    /// class keep event id 0. An id, once published, keeps its meaning: alert rules and SIEM filters depend on it.
    /// </summary>
    public static class LogEvents
    {
        // 1xxx: the listener's life.
        public static readonly EventId ListenerStarted = new EventId(1000, nameof(ListenerStarted));
        public static readonly EventId ListenerStopped = new EventId(1001, nameof(ListenerStopped));
        public static readonly EventId ListenerNotStarted = new EventId(1002, nameof(ListenerNotStarted));
        public static readonly EventId DrainUnfinished = new EventId(1003, nameof(DrainUnfinished));

        // 2xxx: decisions, one line per login answered.
        public static readonly EventId LoginAccepted = new EventId(2000, nameof(LoginAccepted));
        public static readonly EventId LoginRejected = new EventId(2001, nameof(LoginRejected));
        public static readonly EventId LoginChallenged = new EventId(2002, nameof(LoginChallenged));

        // 3xxx: the store, its key, and the configuration read from it.
        public static readonly EventId StoreUnavailable = new EventId(3000, nameof(StoreUnavailable));
        public static readonly EventId StoreReturned = new EventId(3001, nameof(StoreReturned));
        public static readonly EventId StoreKeyStale = new EventId(3010, nameof(StoreKeyStale));
        public static readonly EventId StoreKeyChanged = new EventId(3011, nameof(StoreKeyChanged));
        public static readonly EventId ConfigurationReloaded = new EventId(3020, nameof(ConfigurationReloaded));
        public static readonly EventId ConfigurationUnreadable = new EventId(3021, nameof(ConfigurationUnreadable));
        public static readonly EventId ConfigurationReadable = new EventId(3022, nameof(ConfigurationReadable));
        public static readonly EventId ConfigurationEntrySkipped = new EventId(3023, nameof(ConfigurationEntrySkipped));

        // 4xxx: what checks the password.
        public static readonly EventId FirstFactorDown = new EventId(4000, nameof(FirstFactorDown));
        public static readonly EventId FirstFactorUp = new EventId(4001, nameof(FirstFactorUp));
        public static readonly EventId UpstreamRepliesIgnored = new EventId(4010, nameof(UpstreamRepliesIgnored));
        public static readonly EventId DirectorySyncHeldBack = new EventId(4020, nameof(DirectorySyncHeldBack));
        public static readonly EventId DirectorySyncFailed = new EventId(4021, nameof(DirectorySyncFailed));

        // 5xxx: packets not answered.
        public static readonly EventId PacketsDropped = new EventId(5000, nameof(PacketsDropped));
        public static readonly EventId RequestFault = new EventId(5001, nameof(RequestFault));

        // 6xxx: the audit log's records.
        public static readonly EventId AuditRecordNotWritten = new EventId(6000, nameof(AuditRecordNotWritten));
        public static readonly EventId AuditSpoolWritten = new EventId(6001, nameof(AuditSpoolWritten));
        public static readonly EventId AuditSpoolFailed = new EventId(6002, nameof(AuditSpoolFailed));
        public static readonly EventId AuditRetentionFailed = new EventId(6003, nameof(AuditRetentionFailed));

        // Push approval (Push/).
        public static readonly EventId ApprovalPageFault = new EventId(7000, nameof(ApprovalPageFault));
        public static readonly EventId ApprovalPageStarted = new EventId(7001, nameof(ApprovalPageStarted));
        public static readonly EventId PushNotificationFailed = new EventId(7002, nameof(PushNotificationFailed));
        public static readonly EventId PushDenied = new EventId(7003, nameof(PushDenied));
        public static readonly EventId PushNotHeld = new EventId(7004, nameof(PushNotHeld));
    }
}
