using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Store
{
    /// <summary>
    /// Gives the shared store a new key: every secret resealed with it, and a new escrow made with the passphrase given, in
    /// one transaction; this server keeps the new key. Every other server must then run Join-RasMfaStore with the new
    /// passphrase, and listeners already running must be restarted.
    /// </summary>
    [Cmdlet(VerbsData.Update, "RasMfaStoreKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(StoreKeyRotationResult))]
    public sealed class UpdateRasMfaStoreKeyCommand : PSCmdlet, IChangeReview
    {
        /// <summary>The passphrase of the new escrow (the old escrow wraps the old key and is replaced).</summary>
        [Parameter(Mandatory = true)]
        public SecureString Passphrase { get; set; } = new SecureString();

        protected override void EndProcessing()
        {
            try
            {
                var rotated = StoreKeyService.Rotate(StoreSelection.Current(), SecureStrings.ToText(Passphrase), this);
                if (rotated != null) WriteObject(rotated);
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
