using System;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tokens;

namespace RasMfa.Cmdlets.Tokens
{
    /// <summary>Resynchronises a token from two codes read one after the other.</summary>
    [Cmdlet(VerbsData.Sync, "RasMfaToken", SupportsShouldProcess = true)]
    [OutputType(typeof(TokenSyncResult))]
    public sealed class SyncRasMfaTokenCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TokenSerial")]
        [ValidateNotNullOrEmpty]
        public string Serial { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1)]
        [ValidatePattern("^[0-9]{6,8}$")]
        public string FirstCode { get; set; } = "";

        [Parameter(Mandatory = true, Position = 2)]
        [ValidatePattern("^[0-9]{6,8}$")]
        public string SecondCode { get; set; } = "";

        protected override void ProcessRecord()
        {
            if (!ShouldProcess(Serial, "Resynchronise token")) return;
            try
            {
                var store = StoreAccess.Open();
                WriteObject(new TokenAdministration(store).Sync(Serial, FirstCode, SecondCode, store.Settings.Get(), DateTime.UtcNow));
            }
            catch (StoreException e)
            {
                WriteError(Errors.FromStore(e, Serial));
            }
        }
    }
}
