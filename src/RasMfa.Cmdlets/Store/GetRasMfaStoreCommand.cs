using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Store
{
    /// <summary>
    /// Shows which store this session opens and why (RASMFA_DATABASE, the machine-wide setting, or the built-in path); for
    /// a shared (PostgreSQL) store also its Key: whether this server holds it, and the store's escrow. Opens no SQLite store,
    /// and reads a PostgreSQL one without changing it.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "RasMfaStore")]
    [OutputType(typeof(StoreSelection))]
    public sealed class GetRasMfaStoreCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            StoreSelection selection;
            try
            {
                selection = StoreSelection.Current();
            }
            catch (EngineException e)
            {
                ThrowTerminatingError(Errors.FromEngine(e, MachineStoreSetting.FilePath));
                return;
            }
            var shown = PSObject.AsPSObject(selection);
            shown.Properties.Add(new PSNoteProperty("Key", KeyStatus(selection)));
            WriteObject(shown);
        }

        // The selection is shown even when the store cannot be reached: the key's status is then unknown, and said so.
        private SharedStoreKeyStatus? KeyStatus(StoreSelection selection)
        {
            try
            {
                return StoreKeyService.Status(selection);
            }
            catch (EngineException e)
            {
                WriteWarning($"Whether this server holds the shared store's key cannot be told now: {e.Message}");
                return null;
            }
        }
    }
}
