using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// The login path's read by a directory account's names: every user stored under any of them, in one query through
    /// the name key index. The statement has a fixed number of keys (an account has at most eight names), so it is
    /// prepared once per session like the other reads.
    /// </summary>
    internal sealed partial class SqlLoginReader
    {
        private const int KeysPerQuery = 8;
        private static string ByNameKeys(StoreDialect dialect) =>
            "SELECT " + string.Join(", ", SqlUserStore.Columns.Split(',').Select(column => "u." + column.Trim())) + ", " + SqlTokenStore.Columns +
            ", u.name_key, u.bare_key, " + SqlBypassCodeRows.HeldColumn + ", " + SqlPendingEnrollmentRows.HeldColumn(dialect) + " FROM mfa_user u LEFT JOIN otp_token t ON t.user_id = u.id" +
            " WHERE u.name_key IN (" + string.Join(", ", Enumerable.Range(0, KeysPerQuery).Select(i => "@key" + i)) + ") ORDER BY u.id, " + SqlUserStore.DefaultTokenFirst;

        public LoginLookup FindByNames(IReadOnlyCollection<string> names)
        {
            var keys = names.Select(name => UserNameKey.Of(name.Trim())).Where(key => key.Length > 0).Distinct().ToList();
            if (keys.Count == 0) return LoginLookup.Unknown;
            var found = Read(session =>
            {
                var byId = new Dictionary<long, Candidate>();
                for (int start = 0; start < keys.Count; start += KeysPerQuery)
                {
                    // Unused places repeat a key of this batch, which finds nobody new.
                    var parameters = Enumerable.Range(0, KeysPerQuery)
                        .Select(i => ("@key" + i, (object?)keys[start + i < keys.Count ? start + i : start])).ToArray();
                    foreach (var candidate in Query(session, _byNameKeys, parameters)) byId[candidate.Subject.User.Id] = candidate;
                }
                return byId;
            });
            return found.Count == 1 ? LoginLookup.Of(WithBypassCodes(found.Values.First())) : found.Count == 0 ? LoginLookup.Unknown : LoginLookup.Ambiguous;
        }
    }
}
