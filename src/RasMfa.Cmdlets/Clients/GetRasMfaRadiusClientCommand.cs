using System.Linq;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Clients
{
    [Cmdlet(VerbsCommon.Get, "RasMfaRadiusClient")]
    [OutputType(typeof(RasMfaRadiusClient))]
    public sealed class GetRasMfaRadiusClientCommand : PSCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Name { get; set; } = { "*" };

        protected override void ProcessRecord()
        {
            try
            {
                var clients = StoreAccess.Open().Clients.List();
                foreach (var pattern in Name)
                {
                    var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
                    var matches = clients.Where(c => wildcard.IsMatch(c.Name)).ToList();
                    if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
                        WriteError(Errors.Create("RadiusClientNotFound", ErrorCategory.ObjectNotFound, $"No RADIUS client is named '{pattern}'.", pattern));
                    foreach (var client in matches) WriteObject(new RasMfaRadiusClient(client));
                }
            }
            catch (StoreException e)
            {
                ThrowTerminatingError(Errors.FromStore(e, null));
            }
        }
    }
}
