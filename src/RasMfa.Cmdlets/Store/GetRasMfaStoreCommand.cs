using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Store
{
    /// <summary>Shows which store this session opens and why (RASMFA_DATABASE, the machine-wide setting, or the built-in path). Opens nothing.</summary>
    [Cmdlet(VerbsCommon.Get, "RasMfaStore")]
    [OutputType(typeof(StoreSelection))]
    public sealed class GetRasMfaStoreCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            try
            {
                WriteObject(StoreSelection.Current());
            }
            catch (EngineException e)
            {
                ThrowTerminatingError(Errors.FromEngine(e, MachineStoreSetting.FilePath));
            }
        }
    }
}
