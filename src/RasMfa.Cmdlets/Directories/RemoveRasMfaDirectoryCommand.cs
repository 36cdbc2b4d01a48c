using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Directories;

namespace RasMfa.Cmdlets.Directories
{
    [Cmdlet(VerbsCommon.Remove, "RasMfaDirectory", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveRasMfaDirectoryCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        protected override void ProcessRecord() => Run(Name, () => new DirectoryService(Store.Directories, Store.Users).Remove(Name, this));
    }
}
