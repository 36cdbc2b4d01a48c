using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.BypassCodes;

namespace RasMfa.Cmdlets.BypassCodes
{
    /// <summary>Lists bypass codes (every one, or a user's), used up and expired ones too, never the codes themselves.</summary>
    [Cmdlet(VerbsCommon.Get, "RasMfaBypassCode")]
    [OutputType(typeof(RasMfaBypassCode))]
    public sealed class GetRasMfaBypassCodeCommand : StoreCommand
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? UserName { get; set; }

        protected override void ProcessRecord() => Run(UserName, () =>
        {
            var now = StoreUtcNow();
            foreach (var code in new BypassCodeService(Store.BypassCodes, Store.Users).List(UserName)) WriteObject(new RasMfaBypassCode(code, now));
        });
    }
}
