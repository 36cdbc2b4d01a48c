using System.Management.Automation;
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
    public sealed class JoinRasMfaStoreCommand : StoreKeyCommand
    {
        protected override object? Run(StoreSelection store, string passphrase) => StoreKeyService.Join(store, passphrase, this);
    }
}
