using System.Linq;
using RasMfa.Engine.Delivery.GraphMail;

namespace RasMfa.Engine.Entra
{
    /// <summary>A refused Graph send in words for the admin and the audit log: what to mend, and Graph's own words (never a token).</summary>
    internal static class EntraMailFailures
    {
        public static string Explain(EntraGraphException e, GraphMailSettings settings)
        {
            var said = Printable(e.Message);
            switch (e.Status)
            {
                case null when said.StartsWith("No token", System.StringComparison.Ordinal):
                    return $"the sign-in service gave Entra tenant '{settings.EntraTenant}' no token for Graph ({said})";
                case 401:
                    return $"Graph refused the token of Entra tenant '{settings.EntraTenant}' ({said})";
                case 403:
                    return $"Graph refused to send as {settings.Mailbox}: the application lacks the Mail.Send permission, or an Exchange application access policy keeps it from this mailbox ({said})";
                case 404:
                    return $"Graph knows no mailbox {settings.Mailbox} in Entra tenant '{settings.EntraTenant}' ({said})";
                case 429:
                    return $"Graph is throttling the mail from {settings.Mailbox} and the retries ran out ({said})";
                default:
                    return $"sending as {settings.Mailbox} through Graph failed: {said}";
            }
        }

        private static string Printable(string text)
        {
            var clean = new string(text.Where(c => !char.IsControl(c)).ToArray()).Trim();
            return clean.Length > 300 ? clean.Substring(0, 300) : clean;
        }
    }
}
