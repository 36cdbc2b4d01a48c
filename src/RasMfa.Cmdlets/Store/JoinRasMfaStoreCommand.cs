using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Store
{
    /// <summary>
    /// Gives this server the shared store's key: unwrapped from the escrow the store keeps with the passphrase it was made
    /// with, checked against the store before it is kept (DPAPI machine scope on Windows, an owner-only file elsewhere).
    /// Run it on a new server, and on every other server after the key was rotated.
    /// </summary>
    [Cmdlet(VerbsCommon.Join, "RasMfaStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(StoreJoinResult))]
    public sealed class JoinRasMfaStoreCommand : PSCmdlet, IChangeReview
    {
        [Parameter(Mandatory = true)]
        public SecureString Passphrase { get; set; } = new SecureString();

        protected override void EndProcessing()
        {
            try
            {
                var joined = StoreKeyService.Join(StoreSelection.Current(), SecureStrings.ToText(Passphrase), this);
                if (joined != null) WriteObject(joined);
            }
            catch (EngineException e)
            {
                ThrowTerminatingError(Errors.FromEngine(e, null));
            }
        }

        void IChangeReview.Warn(string message) => WriteWarning(message);

        bool IChangeReview.Approve(string target, string action) => ShouldProcess(target, action);
    }
}
