using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Directories;

namespace RasMfa.Cmdlets.Directories
{
    /// <summary>Brings a directory's users up to date and disables (or removes) those gone from it, held back past a threshold.</summary>
    [Cmdlet(VerbsData.Sync, "RasMfaUser", SupportsShouldProcess = true)]
    [OutputType(typeof(DirectorySyncResult))]
    public sealed class SyncRasMfaUserCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("Name")]
        public string Directory { get; set; } = "";

        [Parameter]
        public SwitchParameter RemoveMissing { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord() => Run(Directory, () =>
        {
            var result = new DirectoryService(Store.Directories, Store.Users).Sync(Directory, RemoveMissing, Force, this);
            if (result != null) WriteObject(result);
        });
    }
}
