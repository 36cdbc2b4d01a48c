using System;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Tokens;

namespace RasMfa.Cmdlets.Tokens
{
    /// <summary>Resynchronises a token from two codes read one after the other.</summary>
    [Cmdlet(VerbsData.Sync, "RasMfaToken", SupportsShouldProcess = true)]
    [OutputType(typeof(TokenSyncResult))]
    public sealed class SyncRasMfaTokenCommand : StoreCommand
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

        protected override void ProcessRecord() => Run(Serial, () =>
        {
            var result = new TokenService(Store.Tokens, Store.Users, Store.Settings).Sync(Serial, FirstCode, SecondCode, StoreUtcNow(), this);
            if (result != null) WriteObject(result);
        });
    }
}
