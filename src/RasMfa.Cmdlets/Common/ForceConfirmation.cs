using System.Management.Automation;

namespace RasMfa.Cmdlets.Common
{
    /// <summary>
    /// -Force that removes a store's data is asked as a High impact change is, unless -Confirm:$false or
    /// $ConfirmPreference = 'None' says not to ask.
    /// </summary>
    internal static class ForceConfirmation
    {
        public static bool Confirm(PSCmdlet cmdlet, string query, string caption)
        {
            if (cmdlet.MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm) && confirm is SwitchParameter asked && !asked.IsPresent) return true;
            if (cmdlet.SessionState.PSVariable.GetValue("ConfirmPreference") is ConfirmImpact preference && preference == ConfirmImpact.None) return true;
            return cmdlet.ShouldContinue(query, caption);
        }
    }
}
