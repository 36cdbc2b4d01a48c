namespace RasMfa.Engine.Configuration
{
    /// <summary>Server-wide MFA settings (Get-/Set-RasMfaConfiguration). Defaults: RFC 6238's one step either way, lockout after 10 failures.</summary>
    public sealed class MfaSettings
    {
        /// <summary>A stored setting's value this version cannot read (a newer server's, a row edited by hand): nothing runs on a guess.</summary>
        public const string UnreadableErrorId = "SettingUnreadable";

        public const int MaxLockoutThreshold = 100;
        public const int MaxAuditRetentionDays = 3650;
        public const int MaxStoreWriteTimeoutSeconds = 20;
        public const int MaxDuplicateWaitSeconds = 50;
        public const string StandardPrompt = "Enter the code from your authenticator app";

        /// <summary>Consecutive failures that lock a user.</summary>
        public int LockoutThreshold { get; set; } = 10;

        public int LockoutMinutes { get; set; } = 15;

        public int TotpStepsBack { get; set; } = 1;

        public int TotpStepsForward { get; set; } = 1;

        /// <summary>How far a remembered clock drift may grow, in steps either way.</summary>
        public int TotpMaxDriftSteps { get; set; } = 10;

        public int HotpLookAhead { get; set; } = 10;

        public int ChallengeLifetimeSeconds { get; set; } = 120;

        /// <summary>Codes a user may try against one challenge before it is spent.</summary>
        public int ChallengeMaxAttempts { get; set; } = 3;

        public string DefaultPrompt { get; set; } = StandardPrompt;

        /// <summary>
        /// Challenges one client may hold open at once. A challenge lives ChallengeLifetimeSeconds (120 s), so 10,000 is a
        /// sustained 83 new logins a second from one gateway, far above a RAS farm's peak; it bounds what one client
        /// (or whoever holds its secret) can make the listener keep, at about 1 KB a challenge.
        /// </summary>
        public int MaxPendingChallengesPerClient { get; set; } = 10_000;

        /// <summary>Challenges open at once over all clients: five clients at their cap, some 50 MB at most.</summary>
        public int MaxPendingChallenges { get; set; } = 50_000;

        /// <summary>
        /// First-round requests being decided at once (waiting for a directory, an upstream server or the store); more are
        /// discarded and the client retransmits. Requests that answer an open challenge may use a quarter more, so that
        /// logins already half done finish under a flood. Twice the 2,000-login burst a farm's shift start can bring, at a
        /// few KB each.
        /// </summary>
        public int MaxRequestsInFlight { get; set; } = 4_000;

        /// <summary>
        /// The listening socket's receive buffer, in octets, applied when the listener starts: what absorbs a burst while
        /// every request is being decided. The kernel charges a small datagram about 1 KB with its bookkeeping (Linux doubles
        /// the size asked for to allow for it), so 4 MiB holds several thousand requests: the 2,000-login burst with room to spare.
        /// </summary>
        public int ReceiveBufferBytes { get; set; } = 4 * 1024 * 1024;

        /// <summary>
        /// Days an audit record is kept; the listener purges older ones. 0 keeps them for ever. 90 by default: enough to
        /// investigate an incident, bounded so that a flood of logins cannot fill the disk the store needs to work.
        /// </summary>
        public int AuditRetentionDays { get; set; } = 90;

        /// <summary>
        /// How long a login waits for the store's write lock (another process holding it) before it is answered without
        /// its write: well inside the 30 to 60 seconds a RADIUS client waits, so that it can still fail over.
        /// </summary>
        public int StoreWriteTimeoutSeconds { get; set; } = 5;

        /// <summary>
        /// Servers sharing a store (RAS active-active sends every request to both): how long a server waits for the answer of
        /// the server that claimed the same request before checking its password, and how old an unanswered claim must be
        /// before another server takes it over (its server stopped). A few seconds under the 30 s a RAS timeout usually
        /// allows, so that a login whose server died is still answered in time.
        /// </summary>
        public int DuplicateWaitSeconds { get; set; } = 20;

        /// <summary>The answer to a login whose decision could not be written in time; never an Accept.</summary>
        public StoreUnavailableAnswer StoreUnavailableAnswer { get; set; } = StoreUnavailableAnswer.Silence;

        /// <summary>Digits of a code sent by SMS, voice call or e-mail: 6 (one in a million per guess) to 8.</summary>
        public int OutOfBandCodeDigits { get; set; } = 6;

        /// <summary>
        /// How long a sent code is good for; its challenge is kept at least that long. 300 s by default: an SMS or a mail may
        /// take a minute to arrive, and a code that lives longer is guessed at longer.
        /// </summary>
        public int OutOfBandCodeLifetimeSeconds { get; set; } = 300;

        /// <summary>Codes sent to one user by one method within <see cref="SendLimitPerUserMinutes"/>: 3, so a person cannot be bombed.</summary>
        public int SendLimitPerUser { get; set; } = 3;

        public int SendLimitPerUserMinutes { get; set; } = 10;

        /// <summary>
        /// Codes sent through one RADIUS client per minute, all users and methods: 60 by default, far above a morning's logins
        /// through one gateway (5,000 users over half an hour, one in five by SMS, is about 35 a minute), low enough to bound
        /// what a flood of made-up logins costs in SMS fees.
        /// </summary>
        public int SendLimitPerClientPerMinute { get; set; } = 60;

        /// <summary>Codes sent per minute over all clients: 300 by default (5 clients at their limit), the cap on a provider bill.</summary>
        public int SendLimitGlobalPerMinute { get; set; } = 300;

        /// <summary>
        /// How long a push approval's second round is held waiting for the user's decision on the page before it is
        /// rejected: under the 30 to 60 seconds RAS waits, so that the Reject arrives before RAS gives up. A client's own
        /// -PushTimeoutSeconds, when set, goes before it.
        /// </summary>
        public int PushTimeoutSeconds { get; set; } = 25;

        /// <summary>Push rounds held at once over all clients; more are rejected at once (held requests cost a task each, not a thread).</summary>
        public int MaxHeldPushRequests { get; set; } = 1_000;

        /// <summary>Push rounds one client may have held at once, so that one client cannot take the whole allowance.</summary>
        public int MaxHeldPushRequestsPerClient { get; set; } = 250;

        /// <summary>
        /// Push approvals one user may have waiting at once (each lives ChallengeLifetimeSeconds unless decided): past it no
        /// further notification is sent, so that whoever knows a user name cannot flood the user's phone (push bombing).
        /// Counted in the store, so across every server sharing it.
        /// </summary>
        public int MaxPendingPushApprovalsPerUser { get; set; } = 2;

        /// <summary>What carries the approval link: the Push provider (Webhook), or the e-mail or SMS provider to the user's address or number.</summary>
        public PushNotifyBy PushNotifyBy { get; set; } = PushNotifyBy.Webhook;

        /// <summary>
        /// How long a mailed enrolment (Send-RasMfaEnrollment) can be confirmed, at the help desk or at the user's first login:
        /// 168 hours (a week) by default, long enough for a user away for a week, short for a mail read later by someone else.
        /// </summary>
        public int EnrollmentPendingHours { get; set; } = 168;

        public const int MaxEnrollmentPendingHours = 720;

        /// <summary>Null when every value is in range; otherwise which is not.</summary>
        public string? Invalidity()
        {
            if (LockoutThreshold < 1 || LockoutThreshold > MaxLockoutThreshold) return $"LockoutThreshold must be from 1 to {MaxLockoutThreshold}.";
            if (LockoutMinutes < 1 || LockoutMinutes > 10080) return "LockoutMinutes must be from 1 to 10080 (a week).";
            if (TotpStepsBack < 0 || TotpStepsBack > 10 || TotpStepsForward < 0 || TotpStepsForward > 10) return "TOTP windows must be from 0 to 10 steps.";
            if (TotpMaxDriftSteps < 0 || TotpMaxDriftSteps > 100) return "TotpMaxDriftSteps must be from 0 to 100.";
            if (HotpLookAhead < 1 || HotpLookAhead > 1000) return "HotpLookAhead must be from 1 to 1000.";
            if (ChallengeLifetimeSeconds < 10 || ChallengeLifetimeSeconds > 3600) return "ChallengeLifetimeSeconds must be from 10 to 3600.";
            if (ChallengeMaxAttempts < 1 || ChallengeMaxAttempts > 10) return "ChallengeMaxAttempts must be from 1 to 10.";
            if (MaxPendingChallengesPerClient < 10 || MaxPendingChallengesPerClient > 1_000_000) return "MaxPendingChallengesPerClient must be from 10 to 1,000,000.";
            if (MaxPendingChallenges < 10 || MaxPendingChallenges > 1_000_000) return "MaxPendingChallenges must be from 10 to 1,000,000.";
            if (MaxPendingChallengesPerClient > MaxPendingChallenges) return "MaxPendingChallengesPerClient may not exceed MaxPendingChallenges.";
            if (MaxRequestsInFlight < 16 || MaxRequestsInFlight > 100_000) return "MaxRequestsInFlight must be from 16 to 100,000.";
            if (ReceiveBufferBytes < 65_536 || ReceiveBufferBytes > 1_073_741_824) return "ReceiveBufferBytes must be from 65,536 (64 KiB) to 1,073,741,824 (1 GiB).";
            if (AuditRetentionDays < 0 || AuditRetentionDays > MaxAuditRetentionDays) return $"AuditRetentionDays must be from 0 (keep for ever) to {MaxAuditRetentionDays}.";
            if (StoreWriteTimeoutSeconds < 1 || StoreWriteTimeoutSeconds > MaxStoreWriteTimeoutSeconds)
                return $"StoreWriteTimeoutSeconds must be from 1 to {MaxStoreWriteTimeoutSeconds}: a RADIUS client gives up after 30 to 60 seconds.";
            if (DuplicateWaitSeconds < 1 || DuplicateWaitSeconds > MaxDuplicateWaitSeconds)
                return $"DuplicateWaitSeconds must be from 1 to {MaxDuplicateWaitSeconds}: an answer is kept under its request for 60 seconds.";
            if (!System.Enum.IsDefined(typeof(StoreUnavailableAnswer), StoreUnavailableAnswer)) return "StoreUnavailableAnswer must be Silence or Reject.";
            if (OutOfBandCodeDigits < 6 || OutOfBandCodeDigits > 8) return "OutOfBandCodeDigits must be from 6 to 8.";
            if (OutOfBandCodeLifetimeSeconds < 30 || OutOfBandCodeLifetimeSeconds > 1800) return "OutOfBandCodeLifetimeSeconds must be from 30 to 1800.";
            if (SendLimitPerUser < 1 || SendLimitPerUser > 100) return "SendLimitPerUser must be from 1 to 100.";
            if (SendLimitPerUserMinutes < 1 || SendLimitPerUserMinutes > 1440) return "SendLimitPerUserMinutes must be from 1 to 1440 (a day).";
            if (SendLimitPerClientPerMinute < 1 || SendLimitPerClientPerMinute > 100_000) return "SendLimitPerClientPerMinute must be from 1 to 100,000.";
            if (SendLimitGlobalPerMinute < 1 || SendLimitGlobalPerMinute > 100_000) return "SendLimitGlobalPerMinute must be from 1 to 100,000.";
            if (SendLimitPerClientPerMinute > SendLimitGlobalPerMinute) return "SendLimitPerClientPerMinute may not exceed SendLimitGlobalPerMinute.";
            if (PushTimeoutSeconds < 5 || PushTimeoutSeconds > 55) return "PushTimeoutSeconds must be from 5 to 55: RAS waits 30 to 60 seconds for an answer.";
            if (MaxHeldPushRequests < 1 || MaxHeldPushRequests > 100_000) return "MaxHeldPushRequests must be from 1 to 100,000.";
            if (MaxHeldPushRequestsPerClient < 1 || MaxHeldPushRequestsPerClient > MaxHeldPushRequests) return "MaxHeldPushRequestsPerClient must be from 1 to MaxHeldPushRequests.";
            if (MaxPendingPushApprovalsPerUser < 1 || MaxPendingPushApprovalsPerUser > 10) return "MaxPendingPushApprovalsPerUser must be from 1 to 10.";
            if (!System.Enum.IsDefined(typeof(PushNotifyBy), PushNotifyBy)) return "PushNotifyBy must be Webhook, Email or Sms.";
            if (EnrollmentPendingHours < 1 || EnrollmentPendingHours > MaxEnrollmentPendingHours) return $"EnrollmentPendingHours must be from 1 to {MaxEnrollmentPendingHours} (30 days).";
            if (string.IsNullOrWhiteSpace(DefaultPrompt) || System.Text.Encoding.UTF8.GetByteCount(DefaultPrompt) > 253) return "DefaultPrompt must be 1 to 253 octets.";
            return null;
        }
    }
}
