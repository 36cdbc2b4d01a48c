using System;
using System.Linq;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Upstream
{
    [Cmdlet(VerbsCommon.Remove, "RasMfaUpstreamRadiusServer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveRasMfaUpstreamRadiusServerCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        protected override void ProcessRecord()
        {
            try
            {
                var store = StoreAccess.Open();
                var users = store.Clients.List().Where(c => c.UpstreamServers.Contains(Name, StringComparer.OrdinalIgnoreCase)).Select(c => c.Name).ToList();
                if (users.Count > 0)
                {
                    WriteError(Errors.Create("UpstreamRadiusServerInUse", ErrorCategory.InvalidOperation,
                        $"The RADIUS clients {string.Join(", ", users)} check passwords with '{Name}'; change them with Set-RasMfaRadiusClient -UpstreamServer first.", Name));
                    return;
                }
                if (!ShouldProcess(Name, "Remove upstream RADIUS server")) return;
                store.UpstreamServers.Remove(Name);
            }
            catch (StoreException e)
            {
                WriteError(Errors.FromStore(e, Name));
            }
        }
    }
}
