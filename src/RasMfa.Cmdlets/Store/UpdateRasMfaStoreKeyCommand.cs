using System.Management.Automation;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Store
{
    /// <summary>
    /// Gives the shared store a new key: every secret resealed with it, and a new escrow made with the passphrase given, in
    /// one transaction; this server keeps the new key. Every other server must then run Join-RasMfaStore with the new
    /// passphrase; listeners already running take the new key from their server's key files without a restart.
    /// </summary>
    [Cmdlet(VerbsData.Update, "RasMfaStoreKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(StoreKeyRotationResult))]
    public sealed class UpdateRasMfaStoreKeyCommand : StoreKeyCommand
    {
        protected override object? Run(StoreSelection store, string passphrase) => StoreKeyService.Rotate(store, passphrase, this);
    }
}
