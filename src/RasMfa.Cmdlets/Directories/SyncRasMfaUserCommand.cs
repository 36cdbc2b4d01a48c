using System;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Directories;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Directories
{
    /// <summary>Brings a directory's users up to date and disables (or removes) those gone from it, held back past a threshold.</summary>
    [Cmdlet(VerbsData.Sync, "RasMfaUser", SupportsShouldProcess = true)]
    [OutputType(typeof(DirectorySyncResult))]
    public sealed class SyncRasMfaUserCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("Name")]
        public string Directory { get; set; } = "";

        [Parameter]
        public SwitchParameter RemoveMissing { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var store = StoreAccess.Open();
                var directory = store.Directories.Get(Directory);
                if (directory == null)
                {
                    WriteError(Errors.Create("DirectoryNotFound", ErrorCategory.ObjectNotFound, $"No directory is named '{Directory}'.", Directory));
                    return;
                }
                var action = RemoveMissing ? "Synchronise users, removing those gone from the directory" : "Synchronise users, disabling those gone from the directory";
                if (!ShouldProcess(Directory, action)) return;
                var result = DirectorySync.Run(store, directory, importScope: null, removeMissing: RemoveMissing, force: Force);
                if (result.HeldBack)
                    WriteWarning($"{result.Missing.Count} users of '{Directory}' are gone from it, more than {DirectorySync.DefaultThreshold}: none was disabled or removed. " +
                        "Check the directory and the import scope, then run again with -Force.");
                WriteObject(result);
            }
            catch (StoreException e)
            {
                WriteError(Errors.FromStore(e, Directory));
            }
            catch (InvalidOperationException e)
            {
                WriteError(new ErrorRecord(e, "DirectoryUnreadable", ErrorCategory.ConnectionError, Directory));
            }
        }
    }
}
