using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Configuration
{
    [Cmdlet(VerbsCommon.Get, "RasMfaConfiguration")]
    [OutputType(typeof(MfaSettings))]
    public sealed class GetRasMfaConfigurationCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            try
            {
                WriteObject(StoreAccess.Open().Settings.Get());
            }
            catch (StoreException e)
            {
                ThrowTerminatingError(Errors.FromStore(e, null));
            }
        }
    }
}
