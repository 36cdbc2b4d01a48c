using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Configuration;

namespace RasMfa.Cmdlets.Configuration
{
    [Cmdlet(VerbsCommon.Get, "RasMfaConfiguration")]
    [OutputType(typeof(MfaSettings))]
    public sealed class GetRasMfaConfigurationCommand : StoreCommand
    {
        protected override void EndProcessing() => RunOrStop(null, () => WriteObject(new ConfigurationService(Store.Settings).Get()));
    }
}
