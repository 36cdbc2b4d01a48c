using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Directories;
using RasMfa.Engine.Entra;

namespace RasMfa.Cmdlets.Directories
{
    /// <summary>
    /// Brings a directory's (or an Entra tenant's) users up to date and disables (or removes) those gone from it, held back
    /// past a threshold. An Entra tenant is read through Graph's delta queries after its first sync.
    /// </summary>
    [Cmdlet(VerbsData.Sync, "RasMfaUser", SupportsShouldProcess = true, DefaultParameterSetName = DirectorySet)]
    [OutputType(typeof(DirectorySyncResult))]
    public sealed class SyncRasMfaUserCommand : StoreCommand
    {
        private const string DirectorySet = "Directory";
        private const string EntraSet = "EntraTenant";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = DirectorySet)]
        [ValidateNotNullOrEmpty]
        [Alias("Name")]
        public string Directory { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = EntraSet)]
        [ValidateNotNullOrEmpty]
        public string EntraTenant { get; set; } = "";

        [Parameter]
        public SwitchParameter RemoveMissing { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == EntraSet)
            {
                Run(EntraTenant, () =>
                {
                    var result = new EntraUserSync(Store.EntraTenants, Store.Directories, Store.Users).Sync(EntraTenant, RemoveMissing, Force, this);
                    if (result != null) WriteObject(result);
                });
                return;
            }
            Run(Directory, () =>
            {
                var result = new DirectoryService(Store.Directories, Store.Users).Sync(Directory, RemoveMissing, Force, this);
                if (result != null) WriteObject(result);
            });
        }
    }
}
