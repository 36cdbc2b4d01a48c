using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Configuration
{
    /// <summary>Changes server-wide MFA settings; a running listener applies them within 2 seconds.</summary>
    [Cmdlet(VerbsCommon.Set, "RasMfaConfiguration", SupportsShouldProcess = true)]
    [OutputType(typeof(MfaSettings))]
    public sealed class SetRasMfaConfigurationCommand : PSCmdlet
    {
        [Parameter, ValidateRange(1, MfaSettings.MaxLockoutThreshold)]
        public int LockoutThreshold { get; set; }

        [Parameter, ValidateRange(1, 10080)]
        public int LockoutMinutes { get; set; }

        [Parameter, ValidateRange(0, 10)]
        public int TotpStepsBack { get; set; }

        [Parameter, ValidateRange(0, 10)]
        public int TotpStepsForward { get; set; }

        [Parameter, ValidateRange(0, 100)]
        public int TotpMaxDriftSteps { get; set; }

        [Parameter, ValidateRange(1, 1000)]
        public int HotpLookAhead { get; set; }

        [Parameter, ValidateRange(10, 3600)]
        public int ChallengeLifetimeSeconds { get; set; }

        [Parameter, ValidateRange(1, 10)]
        public int ChallengeMaxAttempts { get; set; }

        [Parameter, ValidateNotNullOrEmpty]
        public string? DefaultPrompt { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            try
            {
                var store = StoreAccess.Open();
                var settings = store.Settings.Get();
                var bound = MyInvocation.BoundParameters;
                if (bound.ContainsKey(nameof(LockoutThreshold))) settings.LockoutThreshold = LockoutThreshold;
                if (bound.ContainsKey(nameof(LockoutMinutes))) settings.LockoutMinutes = LockoutMinutes;
                if (bound.ContainsKey(nameof(TotpStepsBack))) settings.TotpStepsBack = TotpStepsBack;
                if (bound.ContainsKey(nameof(TotpStepsForward))) settings.TotpStepsForward = TotpStepsForward;
                if (bound.ContainsKey(nameof(TotpMaxDriftSteps))) settings.TotpMaxDriftSteps = TotpMaxDriftSteps;
                if (bound.ContainsKey(nameof(HotpLookAhead))) settings.HotpLookAhead = HotpLookAhead;
                if (bound.ContainsKey(nameof(ChallengeLifetimeSeconds))) settings.ChallengeLifetimeSeconds = ChallengeLifetimeSeconds;
                if (bound.ContainsKey(nameof(ChallengeMaxAttempts))) settings.ChallengeMaxAttempts = ChallengeMaxAttempts;
                if (DefaultPrompt != null) settings.DefaultPrompt = DefaultPrompt;
                var invalid = settings.Invalidity();
                if (invalid != null) ThrowTerminatingError(Errors.Create("InvalidConfiguration", ErrorCategory.InvalidArgument, invalid, null));
                if (!ShouldProcess("RasMfa configuration", "Change")) return;
                store.Settings.Set(settings);
                if (PassThru) WriteObject(settings);
            }
            catch (StoreException e)
            {
                ThrowTerminatingError(Errors.FromStore(e, null));
            }
        }
    }
}
