using System;
using System.Linq;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Directories
{
    [Cmdlet(VerbsCommon.Remove, "RasMfaDirectory", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveRasMfaDirectoryCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        protected override void ProcessRecord()
        {
            try
            {
                var store = StoreAccess.Open();
                var users = store.Clients.List().Where(c => string.Equals(c.Directory, Name, StringComparison.OrdinalIgnoreCase)).Select(c => c.Name).ToList();
                if (users.Count > 0)
                {
                    WriteError(Errors.Create("DirectoryInUse", ErrorCategory.InvalidOperation,
                        $"The RADIUS clients {string.Join(", ", users)} check passwords with '{Name}'; change them with Set-RasMfaRadiusClient first.", Name));
                    return;
                }
                if (!ShouldProcess(Name, "Remove directory")) return;
                store.Directories.Remove(Name);
            }
            catch (StoreException e)
            {
                WriteError(Errors.FromStore(e, Name));
            }
        }
    }
}
