using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Store
{
    /// <summary>
    /// What the shared store's key cmdlets have in common: a passphrase, one call to the engine's StoreKeyService on the
    /// store this machine has selected, its changes reviewed through ShouldProcess, and its errors as ErrorRecords.
    /// </summary>
    public abstract class StoreKeyCommand : PSCmdlet, IChangeReview
    {
        /// <summary>The escrow's passphrase: the one to wrap the key with, or the one it was wrapped with.</summary>
        [Parameter(Mandatory = true)]
        public SecureString Passphrase { get; set; } = new SecureString();

        /// <summary>The engine's work on the selected store; what it returns (if anything) is written to the pipeline.</summary>
        protected abstract object? Run(StoreSelection store, string passphrase);

        protected override void EndProcessing()
        {
            try
            {
                var result = Run(StoreSelection.Current(), SecureStrings.ToText(Passphrase));
                if (result != null) WriteObject(result);
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
