using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Tokens
{
    [Cmdlet(VerbsCommon.Remove, "RasMfaToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveRasMfaTokenCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TokenSerial")]
        [ValidateNotNullOrEmpty]
        public string Serial { get; set; } = "";

        protected override void ProcessRecord()
        {
            if (!ShouldProcess(Serial, "Remove token (its user can no longer log in with it)")) return;
            try
            {
                StoreAccess.Open().Tokens.Remove(Serial);
            }
            catch (StoreException e)
            {
                WriteError(Errors.FromStore(e, Serial));
            }
        }
    }
}
