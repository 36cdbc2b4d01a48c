using System;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.BypassCodes;

namespace RasMfa.Cmdlets.BypassCodes
{
    /// <summary>Makes one-time codes for a user who lost their phone; each is shown once, here, and stored only as a keyed hash.</summary>
    [Cmdlet(VerbsCommon.New, "RasMfaBypassCode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RasMfaNewBypassCode))]
    public sealed class NewRasMfaBypassCodeCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; } = "";

        // Ranges are the engine's (an ErrorRecord with its id per pipeline item), not ValidateRange's.
        [Parameter]
        public int Count { get; set; } = 1;

        [Parameter]
        public TimeSpan ValidFor { get; set; } = BypassCodeService.DefaultValidFor;

        [Parameter]
        public int Uses { get; set; } = 1;

        protected override void ProcessRecord() => Run(UserName, () =>
        {
            var issued = new BypassCodeService(Store.BypassCodes, Store.Users)
                .New(UserName, Count, ValidFor, Uses, $"{Environment.UserDomainName}\\{Environment.UserName} (New-RasMfaBypassCode)", StoreUtcNow(), this);
            if (issued == null) return;
            foreach (var code in issued) WriteObject(new RasMfaNewBypassCode(code));
        });
    }
}
