using System;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Entra
{
    /// <summary>
    /// One row per RasMfa user from an Entra read. One Entra user met twice (nested groups, two imported groups) is one row;
    /// two Entra users (two object ids) whose names are one person to RasMfa (case, width or accents apart; two forests'
    /// sAMAccountNames) are neither written, since either would take the other's record: both are refused, with a warning.
    /// </summary>
    internal static class EntraRowsByName
    {
        /// <param name="rows">The rows read, by Entra object id.</param>
        /// <param name="members">Every member known (object id to user name), those read now and, for a delta sync, those kept.</param>
        public static List<UserImportRow> Distinct(IReadOnlyList<(string Id, UserImportRow Row)> rows, IEnumerable<KeyValuePair<string, string>> members,
            string tenantName, IChangeReview review)
        {
            var idsByName = new Dictionary<string, SortedSet<string>>(UserNameKey.Comparer);
            foreach (var (id, name) in members.Select(m => (m.Key, m.Value)).Concat(rows.Select(r => (r.Id, r.Row.UserName!.Trim()))))
            {
                if (!idsByName.TryGetValue(name, out var ids)) idsByName[name] = ids = new SortedSet<string>(StringComparer.Ordinal);
                ids.Add(id);
            }
            var distinct = new List<UserImportRow>();
            foreach (var named in rows.GroupBy(r => r.Row.UserName!.Trim(), UserNameKey.Comparer))
            {
                var ids = idsByName[named.Key];
                if (ids.Count > 1)
                {
                    review.Warn($"'{named.Key}' is the name of {ids.Count} users of Entra tenant '{tenantName}' (object ids {string.Join(", ", ids)}), one person to RasMfa " +
                        "(names match without case, width or accents): none of them was written. Give them names that differ, or import by another -UserNameAttribute.");
                    continue;
                }
                distinct.Add(named.Last().Row);
            }
            return distinct;
        }
    }
}
