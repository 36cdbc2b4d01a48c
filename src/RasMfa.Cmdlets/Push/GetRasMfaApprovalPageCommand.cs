using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Push;

namespace RasMfa.Cmdlets.Push
{
    /// <summary>The approval page's setting (never its certificate's password).</summary>
    [Cmdlet(VerbsCommon.Get, "RasMfaApprovalPage")]
    [OutputType(typeof(RasMfaApprovalPage))]
    public sealed class GetRasMfaApprovalPageCommand : StoreCommand
    {
        protected override void EndProcessing() => RunOrStop("ApprovalPage", () => WriteObject(new RasMfaApprovalPage(new ApprovalPageService(Store.ApprovalPage).Get())));
    }
}
