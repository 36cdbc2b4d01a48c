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
    /// The first rule that finds anyone picks, unless what it picks could let an enrolled user in without their code (see
    /// <see cref="Resolve{T}"/>); a name that could be several users is ambiguous, and it is refused, never taken for an
    /// unknown user (which RequireUserMatch off would let through without MFA).
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
        /// name's bare key, or whose bare key is (what the store reads in one query). Returns the users found: none
        /// (unknown), one, or several (ambiguous).
        /// <para>
        /// The rules only say which user a name most likely means; AD may take it for another of the users they all reach
        /// (an unenrolled row 'alice' and an enrolled 'alice@corp.example' whose sAMAccountName is alice: 'alice' and
        /// 'CORP\alice' name that account). Picking an enrolled user is safe whichever AD meant: the login still needs that
        /// user's code. Picking an unenrolled one (or nobody) is not, when an enrolled user is among those reached: it would
        /// pass as "not enrolled", without MFA. So when the first rule picks one user who holds no method
        /// (<paramref name="isEnrolled"/> false), and any user reached by the rules holds one, the name is ambiguous: the
        /// unenrolled user and every enrolled one are returned. Namesakes all of them enrolled (CORP\bob, SALES\bob) keep
        /// the first rule's pick, so 'CORP\bob' still finds CORP\bob.
        /// </para>
        /// </summary>
        public static IReadOnlyList<T> Resolve<T>(string requestedName, IReadOnlyList<T> candidates, Func<T, string> nameKeyOf, Func<T, string> bareKeyOf,
            Func<T, bool> isEnrolled)
        {
            var key = UserNameKey.Of(requestedName.Trim());
            var bare = BareName(key);
            bool qualified = IsQualified(key);
            var reached = candidates.Where(c => bareKeyOf(c) == bare || nameKeyOf(c) == key || (qualified && nameKeyOf(c) == bare)).ToList();
            var picked = FirstRuleThatFindsAnyone(key, bare, qualified, reached, nameKeyOf, bareKeyOf);
            if (picked.Count != 1 || isEnrolled(picked[0])) return picked;
            var enrolled = reached.Where(isEnrolled).ToList();
            if (enrolled.Count == 0) return picked;
            enrolled.Insert(0, picked[0]);
            return enrolled;
        }

        private static List<T> FirstRuleThatFindsAnyone<T>(string key, string bare, bool qualified, List<T> reached, Func<T, string> nameKeyOf, Func<T, string> bareKeyOf)
        {
            var exact = reached.Where(c => nameKeyOf(c) == key).ToList();
            if (exact.Count > 0) return exact;
            if (qualified)
            {
                var stored = reached.Where(c => nameKeyOf(c) == bare).ToList();
                if (stored.Count > 0) return stored;
            }
            return reached.Where(c => bareKeyOf(c) == bare).ToList();
        }

        /// <summary>Whether the name holds half of a UTF-16 surrogate pair: no RADIUS client can send it, and no stored name holds it.</summary>
        public static bool HasLoneSurrogate(string userName)
        {
            for (int i = 0; i < userName.Length; i++)
            {
                if (!char.IsSurrogate(userName[i])) continue;
                if (!char.IsHighSurrogate(userName[i]) || i + 1 >= userName.Length || !char.IsLowSurrogate(userName[i + 1])) return true;
                i++;
            }
            return false;
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
