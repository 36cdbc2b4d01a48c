using System;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.BypassCodes;

namespace RasMfa.Cmdlets.BypassCodes
{
    /// <summary>Removes a bypass code by its id, or every code of a user; each removal goes to the authentication log.</summary>
    [Cmdlet(VerbsCommon.Remove, "RasMfaBypassCode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(void))]
    public sealed class RemoveRasMfaBypassCodeCommand : StoreCommand
    {
        private const string ByIdSet = "Id";
        private const string ByUserSet = "UserName";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdSet)]
        [Alias("BypassCodeId")]
        public long Id { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByUserSet)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; } = "";

        protected override void ProcessRecord()
        {
            bool byId = ParameterSetName == ByIdSet;
            Run(byId ? (object)Id : UserName, () => new BypassCodeService(Store.BypassCodes, Store.Users).Remove(
                byId ? Id : (long?)null, byId ? null : UserName, $"{Environment.UserDomainName}\\{Environment.UserName} (Remove-RasMfaBypassCode)", StoreUtcNow(), this));
        }
    }
}
