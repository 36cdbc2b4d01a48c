using System;
using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Linq;

namespace RasMfa.Engine.Directories
{
    /// <summary>The account state that explains a failed bind, read with the service account (AD's own reason codes do not reach us).</summary>
    internal static class DirectoryAccount
    {
        private const int Disabled = 0x2;
        private const int LockedOut = 0x10;
        private const int PasswordExpired = 0x800000;
        public static readonly string[] StateAttributes = { "userAccountControl", "msDS-User-Account-Control-Computed", "lockoutTime", "accountExpires", "pwdLastSet" };

        public static string ExplainFailedBind(SearchResultEntry? entry, DateTime nowUtc)
        {
            if (entry == null) return "bad password";
            long control = Number(entry, "userAccountControl");
            long computed = Number(entry, "msDS-User-Account-Control-Computed");
            if ((control & Disabled) != 0) return "account disabled in the directory";
            if ((computed & LockedOut) != 0 || Number(entry, "lockoutTime") > 0) return "account locked out in the directory";
            long expires = Number(entry, "accountExpires");
            if (expires > 0 && expires != long.MaxValue && DateTime.FromFileTimeUtc(expires) < nowUtc) return "account expired in the directory";
            if (entry.Attributes.Contains("pwdLastSet") && Number(entry, "pwdLastSet") == 0) return "password must be changed";
            if ((computed & PasswordExpired) != 0) return "password expired";
            return "bad password";
        }

        public static bool IsDisabled(SearchResultEntry entry) => (Number(entry, "userAccountControl") & Disabled) != 0;

        public static string? Text(SearchResultEntry entry, string attribute) =>
            entry.Attributes.Contains(attribute) ? entry.Attributes[attribute].GetValues(typeof(string)).Cast<string>().FirstOrDefault() : null;

        private static long Number(SearchResultEntry entry, string attribute) =>
            long.TryParse(Text(entry, attribute), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }
}
