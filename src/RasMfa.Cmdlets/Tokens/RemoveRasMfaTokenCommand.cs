using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Tokens;

namespace RasMfa.Cmdlets.Tokens
{
    [Cmdlet(VerbsCommon.Remove, "RasMfaToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveRasMfaTokenCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TokenSerial")]
        [ValidateNotNullOrEmpty]
        public string Serial { get; set; } = "";

        protected override void ProcessRecord() => Run(Serial, () => new TokenService(Store.Tokens, Store.Users, Store.Settings).Remove(Serial, this));
    }
}
