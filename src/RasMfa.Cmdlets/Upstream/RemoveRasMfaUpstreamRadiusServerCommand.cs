using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.FirstFactors;

namespace RasMfa.Cmdlets.Upstream
{
    [Cmdlet(VerbsCommon.Remove, "RasMfaUpstreamRadiusServer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveRasMfaUpstreamRadiusServerCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        protected override void ProcessRecord() => Run(Name, () => new UpstreamServerService(Store.UpstreamServers).Remove(Name, this));
    }
}
