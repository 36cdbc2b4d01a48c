using System.Linq;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Directories;

namespace RasMfa.Cmdlets.Directories
{
    /// <summary>Connects, secures, binds and searches each server of a directory, saying which step failed and why.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "RasMfaDirectory")]
    [OutputType(typeof(DirectoryProbeStep), typeof(bool))]
    public sealed class TestRasMfaDirectoryCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        /// <summary>Also binds as this user, as a login would.</summary>
        [Parameter]
        public PSCredential? Credential { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord() => Run(Name, () =>
        {
            var steps = new DirectoryService(Store.Directories, Store.Users).Test(Name, Credential?.UserName, Credential == null ? null : SecureStrings.ToUtf8(Credential.Password));
            if (Quiet)
            {
                // Good when some server passed every step it was given.
                WriteObject(steps.GroupBy(s => s.Server).Any(g => g.All(s => s.Succeeded) && g.Any(s => s.Step == "Search")));
                return;
            }
            foreach (var step in steps) WriteObject(step);
        });
    }
}
