using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Directories
{
    [Cmdlet(VerbsCommon.Get, "RasMfaDirectory")]
    [OutputType(typeof(RasMfaDirectory))]
    public sealed class GetRasMfaDirectoryCommand : PSCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Name { get; set; } = { "*" };

        protected override void ProcessRecord()
        {
            try
            {
                var directories = StoreAccess.Open().Directories.List();
                foreach (var directory in WildcardSelection.Select(this, Name, directories, d => d.Name, "DirectoryNotFound", "directory"))
                    WriteObject(new RasMfaDirectory(directory));
            }
            catch (StoreException e)
            {
                ThrowTerminatingError(Errors.FromStore(e, null));
            }
        }
    }
}
