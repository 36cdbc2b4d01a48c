using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Configuration;

namespace RasMfa.Cmdlets.Configuration
{
    /// <summary>Changes server-wide MFA settings; a running listener applies them within 2 seconds.</summary>
    [Cmdlet(VerbsCommon.Set, "RasMfaConfiguration", SupportsShouldProcess = true)]
    [OutputType(typeof(MfaSettings))]
    public sealed class SetRasMfaConfigurationCommand : StoreCommand
    {
        [Parameter]
        public int LockoutThreshold { get; set; }

        [Parameter]
        public int LockoutMinutes { get; set; }

        [Parameter]
        public int TotpStepsBack { get; set; }

        [Parameter]
        public int TotpStepsForward { get; set; }

        [Parameter]
        public int TotpMaxDriftSteps { get; set; }

        [Parameter]
        public int HotpLookAhead { get; set; }

        [Parameter]
        public int ChallengeLifetimeSeconds { get; set; }

        [Parameter]
        public int ChallengeMaxAttempts { get; set; }

        [Parameter]
        public string? DefaultPrompt { get; set; }

        [Parameter]
        public int MaxPendingChallengesPerClient { get; set; }

        [Parameter]
        public int MaxPendingChallenges { get; set; }

        [Parameter]
        public int MaxRequestsInFlight { get; set; }

        [Parameter]
        public int ReceiveBufferBytes { get; set; }

        [Parameter]
        public int AuditRetentionDays { get; set; }

        [Parameter]
        public int StoreWriteTimeoutSeconds { get; set; }

        [Parameter]
        public StoreUnavailableAnswer StoreUnavailableAnswer { get; set; }

        [Parameter]
        public int DuplicateWaitSeconds { get; set; }

        [Parameter]
        public int OutOfBandCodeDigits { get; set; }

        [Parameter]
        public int OutOfBandCodeLifetimeSeconds { get; set; }

        [Parameter]
        public int SendLimitPerUser { get; set; }

        [Parameter]
        public int SendLimitPerUserMinutes { get; set; }

        [Parameter]
        public int SendLimitPerClientPerMinute { get; set; }

        [Parameter]
        public int SendLimitGlobalPerMinute { get; set; }

        [Parameter]
        public int PushTimeoutSeconds { get; set; }

        [Parameter]
        public int MaxHeldPushRequests { get; set; }

        [Parameter]
        public int MaxHeldPushRequestsPerClient { get; set; }

        [Parameter]
        public int MaxPendingPushApprovalsPerUser { get; set; }

        [Parameter]
        public PushNotifyBy PushNotifyBy { get; set; }

        [Parameter]
        public int EnrollmentPendingHours { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing() => RunOrStop(null, () =>
        {
            var bound = MyInvocation.BoundParameters;
            var changed = new ConfigurationService(Store.Settings).Change(settings =>
            {
                if (bound.ContainsKey(nameof(LockoutThreshold))) settings.LockoutThreshold = LockoutThreshold;
                if (bound.ContainsKey(nameof(LockoutMinutes))) settings.LockoutMinutes = LockoutMinutes;
                if (bound.ContainsKey(nameof(TotpStepsBack))) settings.TotpStepsBack = TotpStepsBack;
                if (bound.ContainsKey(nameof(TotpStepsForward))) settings.TotpStepsForward = TotpStepsForward;
                if (bound.ContainsKey(nameof(TotpMaxDriftSteps))) settings.TotpMaxDriftSteps = TotpMaxDriftSteps;
                if (bound.ContainsKey(nameof(HotpLookAhead))) settings.HotpLookAhead = HotpLookAhead;
                if (bound.ContainsKey(nameof(ChallengeLifetimeSeconds))) settings.ChallengeLifetimeSeconds = ChallengeLifetimeSeconds;
                if (bound.ContainsKey(nameof(ChallengeMaxAttempts))) settings.ChallengeMaxAttempts = ChallengeMaxAttempts;
                if (bound.ContainsKey(nameof(DefaultPrompt))) settings.DefaultPrompt = DefaultPrompt ?? "";
                if (bound.ContainsKey(nameof(MaxPendingChallengesPerClient))) settings.MaxPendingChallengesPerClient = MaxPendingChallengesPerClient;
                if (bound.ContainsKey(nameof(MaxPendingChallenges))) settings.MaxPendingChallenges = MaxPendingChallenges;
                if (bound.ContainsKey(nameof(MaxRequestsInFlight))) settings.MaxRequestsInFlight = MaxRequestsInFlight;
                if (bound.ContainsKey(nameof(ReceiveBufferBytes))) settings.ReceiveBufferBytes = ReceiveBufferBytes;
                if (bound.ContainsKey(nameof(AuditRetentionDays))) settings.AuditRetentionDays = AuditRetentionDays;
                if (bound.ContainsKey(nameof(StoreWriteTimeoutSeconds))) settings.StoreWriteTimeoutSeconds = StoreWriteTimeoutSeconds;
                if (bound.ContainsKey(nameof(StoreUnavailableAnswer))) settings.StoreUnavailableAnswer = StoreUnavailableAnswer;
                if (bound.ContainsKey(nameof(DuplicateWaitSeconds))) settings.DuplicateWaitSeconds = DuplicateWaitSeconds;
                if (bound.ContainsKey(nameof(OutOfBandCodeDigits))) settings.OutOfBandCodeDigits = OutOfBandCodeDigits;
                if (bound.ContainsKey(nameof(OutOfBandCodeLifetimeSeconds))) settings.OutOfBandCodeLifetimeSeconds = OutOfBandCodeLifetimeSeconds;
                if (bound.ContainsKey(nameof(SendLimitPerUser))) settings.SendLimitPerUser = SendLimitPerUser;
                if (bound.ContainsKey(nameof(SendLimitPerUserMinutes))) settings.SendLimitPerUserMinutes = SendLimitPerUserMinutes;
                if (bound.ContainsKey(nameof(SendLimitPerClientPerMinute))) settings.SendLimitPerClientPerMinute = SendLimitPerClientPerMinute;
                if (bound.ContainsKey(nameof(SendLimitGlobalPerMinute))) settings.SendLimitGlobalPerMinute = SendLimitGlobalPerMinute;
                if (bound.ContainsKey(nameof(PushTimeoutSeconds))) settings.PushTimeoutSeconds = PushTimeoutSeconds;
                if (bound.ContainsKey(nameof(MaxHeldPushRequests))) settings.MaxHeldPushRequests = MaxHeldPushRequests;
                if (bound.ContainsKey(nameof(MaxHeldPushRequestsPerClient))) settings.MaxHeldPushRequestsPerClient = MaxHeldPushRequestsPerClient;
                if (bound.ContainsKey(nameof(MaxPendingPushApprovalsPerUser))) settings.MaxPendingPushApprovalsPerUser = MaxPendingPushApprovalsPerUser;
                if (bound.ContainsKey(nameof(PushNotifyBy))) settings.PushNotifyBy = PushNotifyBy;
                if (bound.ContainsKey(nameof(EnrollmentPendingHours))) settings.EnrollmentPendingHours = EnrollmentPendingHours;
            }, this);
            if (changed != null && PassThru) WriteObject(changed);
        });
    }
}
