using System;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Audit;

namespace RasMfa.Cmdlets.Configuration
{
    /// <summary>
    /// Reads the audit log: every Accept, Reject and Challenge, with its reason; oldest first. Records stream from the
    /// store to the pipeline as they are read, so -First, -Last or Select-Object -First on a large log read only what they show.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "RasMfaAuthenticationLog", SupportsPaging = true)]
    [OutputType(typeof(AuthenticationRecord))]
    public sealed class GetRasMfaAuthenticationLogCommand : StoreCommand
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string? UserName { get; set; }

        [Parameter]
        public DateTime? After { get; set; }

        [Parameter]
        public DateTime? Before { get; set; }

        [Parameter]
        [ValidateSet("Accept", "Reject", "Challenge", "Purge")]
        public string? Result { get; set; }

        [Parameter]
        [Alias("Newest")]
        [ValidateRange(1, int.MaxValue)]
        public int? Last { get; set; }

        protected override void ProcessRecord() => RunOrStop(null, () =>
        {
            var query = new AuthenticationLogQuery
            {
                UserName = UserName,
                AfterUtc = After?.ToUniversalTime(),
                BeforeUtc = Before?.ToUniversalTime(),
                Result = Result,
                Last = Last,
                Skip = (long)Math.Min(PagingParameters.Skip, long.MaxValue),
                First = PagingParameters.First >= long.MaxValue ? (long?)null : (long)PagingParameters.First,
            };
            // The total would take a count of the whole selection: reported as unknown rather than paid for.
            if (PagingParameters.IncludeTotalCount) WriteObject(PagingParameters.NewTotalCount(0, 0.0));
            foreach (var record in new AuditLogService(Store.AuditLog).Read(query)) WriteObject(record);
        });
    }
}
