using System;
using System.Collections.Generic;

namespace RasMfa.Engine.Users
{
    /// <summary>
    /// How a User-Name from RADIUS finds a user, in order:
    /// 1. the stored name equal to it, ignoring case;
    /// 2. for DOMAIN\name or name@suffix, a stored user called just "name";
    /// 3. otherwise the one stored user with the same name part, however qualified (CORP\alice finds alice@corp.example,
    ///    alice finds CORP\alice); none when several users share it.
    /// </summary>
    public static class UserNameRules
    {
        /// <summary>The part after DOMAIN\ or before @, or the name itself.</summary>
        public static string BareName(string userName)
        {
            var trimmed = userName.Trim();
            int backslash = trimmed.LastIndexOf('\\');
            if (backslash >= 0) return trimmed.Substring(backslash + 1);
            int at = trimmed.IndexOf('@');
            return at > 0 ? trimmed.Substring(0, at) : trimmed;
        }

        public static bool IsQualified(string userName) => !string.Equals(BareName(userName), userName.Trim(), StringComparison.Ordinal);

        /// <summary>Applies the three rules above, given how to find rows by whole name and by name part (at most two needed).</summary>
        public static T? Resolve<T>(string requestedName, Func<string, T?> byName, Func<string, IReadOnlyList<T>> byBareName) where T : class
        {
            var exact = byName(requestedName.Trim());
            if (exact != null) return exact;
            var bare = BareName(requestedName);
            if (IsQualified(requestedName))
            {
                var stored = byName(bare);
                if (stored != null) return stored;
            }
            var candidates = byBareName(bare);
            return candidates.Count == 1 ? candidates[0] : null;
        }

        /// <summary>Null when acceptable; otherwise why not.</summary>
        public static string? Reject(string? userName)
        {
            if (string.IsNullOrWhiteSpace(userName)) return "The user name is empty.";
            if (userName!.Length > 253) return "The user name is longer than RADIUS carries (253 octets).";
            if (BareName(userName).Length == 0) return $"'{userName}' has no name part.";
            foreach (var c in userName) if (char.IsControl(c)) return "The user name contains control characters.";
            return null;
        }
    }
}
