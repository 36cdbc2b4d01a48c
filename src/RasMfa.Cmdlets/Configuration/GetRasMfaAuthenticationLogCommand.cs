using System;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Audit;

namespace RasMfa.Cmdlets.Configuration
{
    /// <summary>Reads the audit log: every Accept, Reject and Challenge, with its reason; oldest first.</summary>
    [Cmdlet(VerbsCommon.Get, "RasMfaAuthenticationLog")]
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
        [ValidateSet("Accept", "Reject", "Challenge")]
        public string? Result { get; set; }

        [Parameter]
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
            };
            foreach (var record in new AuditLogService(Store.AuditLog).Query(query)) WriteObject(record);
        });
    }
}
