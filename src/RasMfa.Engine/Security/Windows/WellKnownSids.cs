using System;
using System.Collections.Generic;

namespace RasMfa.Engine.Security.Windows
{
    /// <summary>The security identifiers the store's permissions name, their SDDL aliases and their display names.</summary>
    internal static class WellKnownSids
    {
        public const string System = "S-1-5-18";
        public const string Administrators = "S-1-5-32-544";
        public const string Users = "S-1-5-32-545";
        public const string Everyone = "S-1-1-0";
        public const string AuthenticatedUsers = "S-1-5-11";
        public const string CreatorOwner = "S-1-3-0";
        public const string CreatorGroup = "S-1-3-1";
        public const string OwnerRights = "S-1-3-4";

        private static readonly Dictionary<string, (string Alias, string Name)> Known = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
        {
            [System] = ("SY", @"NT AUTHORITY\SYSTEM"),
            [Administrators] = ("BA", @"BUILTIN\Administrators"),
            [Users] = ("BU", @"BUILTIN\Users"),
            [Everyone] = ("WD", "Everyone"),
            [AuthenticatedUsers] = ("AU", @"NT AUTHORITY\Authenticated Users"),
            [CreatorOwner] = ("CO", "CREATOR OWNER"),
            [CreatorGroup] = ("CG", "CREATOR GROUP"),
            [OwnerRights] = ("OW", "OWNER RIGHTS"),
            ["S-1-5-4"] = ("IU", @"NT AUTHORITY\INTERACTIVE"),
            ["S-1-5-6"] = ("SU", @"NT AUTHORITY\SERVICE"),
            ["S-1-5-7"] = ("AN", @"NT AUTHORITY\ANONYMOUS LOGON"),
            ["S-1-5-19"] = ("LS", @"NT AUTHORITY\LOCAL SERVICE"),
            ["S-1-5-20"] = ("NS", @"NT AUTHORITY\NETWORK SERVICE"),
            ["S-1-5-32-546"] = ("BG", @"BUILTIN\Guests"),
            ["S-1-15-2-1"] = ("AC", @"APPLICATION PACKAGE AUTHORITY\ALL APPLICATION PACKAGES"),
        };

        /// <summary>The SDDL alias Windows writes for <paramref name="sid"/> (SY, BA, ...), else the SID itself.</summary>
        public static string SddlForm(string sid) => Known.TryGetValue(sid, out var known) ? known.Alias : sid;

        /// <summary>The account name of a well-known SID, else null (the Windows side may look the SID up).</summary>
        public static string? NameOf(string sid) => Known.TryGetValue(sid, out var known) ? known.Name : null;

        /// <summary>True for the SID form S-1-&lt;authority&gt;-&lt;sub-authority&gt;..., the only form the store's builder accepts.</summary>
        public static bool IsSidString(string value)
        {
            if (value == null || !value.StartsWith("S-1-", StringComparison.OrdinalIgnoreCase)) return false;
            var parts = value.Substring(4).Split('-');
            if (parts.Length < 2) return false;
            foreach (var part in parts)
            {
                if (part.Length == 0) return false;
                foreach (var c in part) if (c < '0' || c > '9') return false;
            }
            return true;
        }
    }
}
