using System.Management.Automation;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Store
{
    /// <summary>
    /// On a server that holds the shared store's key: keeps the key in the store wrapped with an admin's passphrase (its
    /// escrow), so that servers joining later get it with Join-RasMfaStore. Replaces an escrow kept before only with -Force.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "RasMfaStoreKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(StoreKeyEscrowInfo))]
    public sealed class AddRasMfaStoreKeyCommand : StoreKeyCommand
    {
        /// <summary>Replaces the escrow the store keeps: the passphrase it was made with no longer joins a server.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes the escrow's description (store id, when, which server); nothing otherwise.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override object? Run(StoreSelection store, string passphrase)
        {
            var made = StoreKeyService.AddEscrow(store, passphrase, Force, this);
            return PassThru ? made : null;
        }
    }
}
