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
        private static readonly long MaxFileTime = DateTime.MaxValue.ToFileTimeUtc();
        public static readonly string[] StateAttributes = { "userAccountControl", "msDS-User-Account-Control-Computed", "lockoutTime", "accountExpires", "pwdLastSet" };

        public static string ExplainFailedBind(SearchResultEntry? entry, DateTime nowUtc)
        {
            if (entry == null) return "bad password";
            long control = Number(entry, "userAccountControl");
            long computed = Number(entry, "msDS-User-Account-Control-Computed");
            if ((control & Disabled) != 0) return "account disabled in the directory";
            if ((computed & LockedOut) != 0 || Number(entry, "lockoutTime") > 0) return "account locked out in the directory";
            long expires = Number(entry, "accountExpires");
            if (HasExpired(expires, nowUtc)) return "account expired in the directory";
            if (entry.Attributes.Contains("pwdLastSet") && Number(entry, "pwdLastSet") == 0) return "password must be changed";
            if ((computed & PasswordExpired) != 0) return "password expired";
            return "bad password";
        }

        /// <summary>
        /// accountExpires: 0 and long.MaxValue mean never; so does anything past DateTime's range, where FromFileTimeUtc would
        /// throw (an exception here, right after a wrong password, would give that password's reserved attempt back).
        /// </summary>
        public static bool HasExpired(long accountExpires, DateTime nowUtc) =>
            accountExpires > 0 && accountExpires <= MaxFileTime && DateTime.FromFileTimeUtc(accountExpires) < nowUtc;

        public static bool IsDisabled(SearchResultEntry entry) => (Number(entry, "userAccountControl") & Disabled) != 0;

        public static string? Text(SearchResultEntry entry, string attribute) =>
            entry.Attributes.Contains(attribute) ? entry.Attributes[attribute].GetValues(typeof(string)).Cast<string>().FirstOrDefault() : null;

        private static long Number(SearchResultEntry entry, string attribute) =>
            long.TryParse(Text(entry, attribute), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }
}
