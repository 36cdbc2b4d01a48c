using System.Linq;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Tokens;

namespace RasMfa.Cmdlets.Tokens
{
    [Cmdlet(VerbsCommon.Get, "RasMfaToken")]
    [OutputType(typeof(RasMfaToken))]
    public sealed class GetRasMfaTokenCommand : StoreCommand
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [Alias("TokenSerial")]
        public string Serial { get; set; } = "*";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string? UserName { get; set; }

        /// <summary>Only tokens assigned to nobody: the hardware tokens still to hand out.</summary>
        [Parameter]
        public SwitchParameter Unassigned { get; set; }

        protected override void ProcessRecord() => RunOrStop(null, () =>
        {
            var serial = WildcardPattern.Get(Serial, WildcardOptions.IgnoreCase);
            var user = UserName == null ? null : WildcardPattern.Get(UserName, WildcardOptions.IgnoreCase);
            foreach (var token in new TokenService(Store.Tokens, Store.Users, Store.Settings).List().Where(t => serial.IsMatch(t.Serial)))
            {
                if (user != null && (token.UserName == null || !user.IsMatch(token.UserName))) continue;
                if (Unassigned && token.UserId != null) continue;
                WriteObject(new RasMfaToken(token));
            }
        });
    }
}
