using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Directories;

namespace RasMfa.Cmdlets.Directories
{
    [Cmdlet(VerbsCommon.Get, "RasMfaDirectory")]
    [OutputType(typeof(RasMfaDirectory))]
    public sealed class GetRasMfaDirectoryCommand : StoreCommand
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Name { get; set; } = { "*" };

        protected override void ProcessRecord() => RunOrStop(null, () =>
        {
            var directories = new DirectoryService(Store.Directories, Store.Users).List();
            foreach (var directory in WildcardSelection.Select(this, Name, directories, d => d.Name, "DirectoryNotFound", "directory"))
                WriteObject(new RasMfaDirectory(directory));
        });
    }
}
