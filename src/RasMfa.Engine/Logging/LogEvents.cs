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
        public static readonly EventId ListenerStarted = new EventId(Ids.ListenerStarted, nameof(ListenerStarted));
        public static readonly EventId ListenerStopped = new EventId(Ids.ListenerStopped, nameof(ListenerStopped));
        public static readonly EventId ListenerNotStarted = new EventId(Ids.ListenerNotStarted, nameof(ListenerNotStarted));
        public static readonly EventId DrainUnfinished = new EventId(Ids.DrainUnfinished, nameof(DrainUnfinished));

        // 2xxx: decisions, one line per login answered.
        public static readonly EventId LoginAccepted = new EventId(Ids.LoginAccepted, nameof(LoginAccepted));
        public static readonly EventId LoginRejected = new EventId(Ids.LoginRejected, nameof(LoginRejected));
        public static readonly EventId LoginChallenged = new EventId(Ids.LoginChallenged, nameof(LoginChallenged));

        // 3xxx: the store, its key, and the configuration read from it.
        public static readonly EventId StoreUnavailable = new EventId(Ids.StoreUnavailable, nameof(StoreUnavailable));
        public static readonly EventId StoreReturned = new EventId(Ids.StoreReturned, nameof(StoreReturned));
        public static readonly EventId StoreKeyStale = new EventId(Ids.StoreKeyStale, nameof(StoreKeyStale));
        public static readonly EventId StoreKeyChanged = new EventId(Ids.StoreKeyChanged, nameof(StoreKeyChanged));
        public static readonly EventId ConfigurationReloaded = new EventId(Ids.ConfigurationReloaded, nameof(ConfigurationReloaded));
        public static readonly EventId ConfigurationUnreadable = new EventId(Ids.ConfigurationUnreadable, nameof(ConfigurationUnreadable));
        public static readonly EventId ConfigurationReadable = new EventId(Ids.ConfigurationReadable, nameof(ConfigurationReadable));
        public static readonly EventId ConfigurationEntrySkipped = new EventId(Ids.ConfigurationEntrySkipped, nameof(ConfigurationEntrySkipped));

        // 4xxx: what checks the password.
        public static readonly EventId FirstFactorDown = new EventId(Ids.FirstFactorDown, nameof(FirstFactorDown));
        public static readonly EventId FirstFactorUp = new EventId(Ids.FirstFactorUp, nameof(FirstFactorUp));
        public static readonly EventId UpstreamRepliesIgnored = new EventId(Ids.UpstreamRepliesIgnored, nameof(UpstreamRepliesIgnored));
        public static readonly EventId DirectorySyncHeldBack = new EventId(Ids.DirectorySyncHeldBack, nameof(DirectorySyncHeldBack));
        public static readonly EventId DirectorySyncFailed = new EventId(Ids.DirectorySyncFailed, nameof(DirectorySyncFailed));

        // 5xxx: packets not answered.
        public static readonly EventId PacketsDropped = new EventId(Ids.PacketsDropped, nameof(PacketsDropped));
        public static readonly EventId RequestFault = new EventId(Ids.RequestFault, nameof(RequestFault));

        // 6xxx: the audit log's records.
        public static readonly EventId AuditRecordNotWritten = new EventId(Ids.AuditRecordNotWritten, nameof(AuditRecordNotWritten));
        public static readonly EventId AuditSpoolWritten = new EventId(Ids.AuditSpoolWritten, nameof(AuditSpoolWritten));
        public static readonly EventId AuditSpoolFailed = new EventId(Ids.AuditSpoolFailed, nameof(AuditSpoolFailed));
        public static readonly EventId AuditRetentionFailed = new EventId(Ids.AuditRetentionFailed, nameof(AuditRetentionFailed));

        // Push approval (Push/).
        public static readonly EventId ApprovalPageFault = new EventId(Ids.ApprovalPageFault, nameof(ApprovalPageFault));
        public static readonly EventId ApprovalPageStarted = new EventId(Ids.ApprovalPageStarted, nameof(ApprovalPageStarted));
        public static readonly EventId PushNotificationFailed = new EventId(Ids.PushNotificationFailed, nameof(PushNotificationFailed));
        public static readonly EventId PushDenied = new EventId(Ids.PushDenied, nameof(PushDenied));
        public static readonly EventId PushNotHeld = new EventId(Ids.PushNotHeld, nameof(PushNotHeld));

        /// <summary>The same ids as constants, for the source-generated log methods (an attribute takes only constants).</summary>
        public static class Ids
        {
            public const int ListenerStarted = 1000;
            public const int ListenerStopped = 1001;
            public const int ListenerNotStarted = 1002;
            public const int DrainUnfinished = 1003;
            public const int LoginAccepted = 2000;
            public const int LoginRejected = 2001;
            public const int LoginChallenged = 2002;
            public const int StoreUnavailable = 3000;
            public const int StoreReturned = 3001;
            public const int StoreKeyStale = 3010;
            public const int StoreKeyChanged = 3011;
            public const int ConfigurationReloaded = 3020;
            public const int ConfigurationUnreadable = 3021;
            public const int ConfigurationReadable = 3022;
            public const int ConfigurationEntrySkipped = 3023;
            public const int FirstFactorDown = 4000;
            public const int FirstFactorUp = 4001;
            public const int UpstreamRepliesIgnored = 4010;
            public const int DirectorySyncHeldBack = 4020;
            public const int DirectorySyncFailed = 4021;
            public const int PacketsDropped = 5000;
            public const int RequestFault = 5001;
            public const int AuditRecordNotWritten = 6000;
            public const int AuditSpoolWritten = 6001;
            public const int AuditSpoolFailed = 6002;
            public const int AuditRetentionFailed = 6003;
            public const int ApprovalPageFault = 7000;
            public const int ApprovalPageStarted = 7001;
            public const int PushNotificationFailed = 7002;
            public const int PushDenied = 7003;
            public const int PushNotHeld = 7004;
        }
    }
}
