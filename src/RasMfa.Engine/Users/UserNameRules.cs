using System;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Radius;

namespace RasMfa.Engine.Users
{
    /// <summary>
    /// How a User-Name from RADIUS finds a user, by <see cref="UserNameKey"/> (so case, width and accents do not matter), in order:
    /// 1. the stored name equal to it;
    /// 2. for DOMAIN\name or name@suffix, a stored user called just "name";
    /// 3. otherwise the stored user with the same name part, however qualified (CORP\alice finds alice@corp.example,
    ///    alice finds CORP\alice).
    /// The first rule that finds anyone decides; when it finds several users the name is ambiguous, and it is refused,
    /// never taken for an unknown user (which RequireUserMatch off would let through without MFA).
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

        /// <summary>The key of the name part. Taken from the name's key, since a full-width '＼' or '＠' is a separator to AD too.</summary>
        public static string BareKey(string userName) => BareName(UserNameKey.Of(userName));

        /// <summary>
        /// Applies the three rules above to <paramref name="candidates"/>: every stored user whose key is the requested
        /// name's bare key, or whose bare key is (what the store reads in one query). Returns the users the first rule
        /// that matches found: none (unknown), one, or several (ambiguous).
        /// </summary>
        public static IReadOnlyList<T> Resolve<T>(string requestedName, IReadOnlyList<T> candidates, Func<T, string> nameKeyOf, Func<T, string> bareKeyOf)
        {
            var key = UserNameKey.Of(requestedName.Trim());
            var exact = candidates.Where(c => nameKeyOf(c) == key).ToList();
            if (exact.Count > 0) return exact;
            var bare = BareName(key);
            if (IsQualified(key))
            {
                var stored = candidates.Where(c => nameKeyOf(c) == bare).ToList();
                if (stored.Count > 0) return stored;
            }
            return candidates.Where(c => bareKeyOf(c) == bare).ToList();
        }

        /// <summary>Null when acceptable; otherwise why not.</summary>
        public static string? Reject(string? userName)
        {
            if (string.IsNullOrWhiteSpace(userName)) return "The user name is empty.";
            var name = userName!.Trim();
            if (System.Text.Encoding.UTF8.GetByteCount(name) > 253) return "The user name is longer than RADIUS carries (253 octets).";
            if (BareName(name).Length == 0) return $"'{name}' has no name part.";
            var flaw = ReceivedText.NameFlaw(name);
            return flaw == null ? null : $"The user name {flaw}, so no RADIUS client could log in with it.";
        }
    }
}
