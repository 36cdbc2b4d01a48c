using System;
using System.Collections.Generic;
using System.Linq;

namespace RasMfa.Engine.Security.Windows
{
    /// <summary>
    /// Decides whether a store file or folder on Windows is private: owned by a trusted account, and no one else
    /// may read or change it. Every allow entry counts, inherited or explicit, inherit-only included (those are the
    /// permissions of the files created inside later). Deny entries never open anything, so they never count. An
    /// entry of any other kind (conditional, object) is refused: RasMfa does not evaluate its conditions.
    /// </summary>
    internal static class WindowsAccessVerdict
    {
        /// <param name="trustedSids">SYSTEM, Administrators, the service accounts and the current user.</param>
        /// <param name="nameOf">Looks up an account name for a SID that is not well known (Windows only); the SID is shown otherwise.</param>
        public static IReadOnlyList<AccessProblem> Judge(string path, StoreItem item, SecurityDescriptor security, IEnumerable<string> trustedSids,
            Func<string, string?>? nameOf = null)
        {
            var trusted = new HashSet<string>(trustedSids, StringComparer.OrdinalIgnoreCase);
            // Well-known accounts by name; any other by name and SID, since names can be reused.
            string Name(string sid)
            {
                var wellKnown = WellKnownSids.NameOf(sid);
                if (wellKnown != null) return wellKnown;
                var name = nameOf?.Invoke(sid);
                return name == null || string.Equals(name, sid, StringComparison.OrdinalIgnoreCase) ? sid : $"{name} ({sid})";
            }

            var what = $"{path} ({Describe(item)})";
            var problems = new List<AccessProblem>();
            if (item != StoreItem.SqliteSideFile && (security.Owner == null || !trusted.Contains(security.Owner)))
            {
                var owner = security.Owner == null ? "an owner RasMfa cannot read" : Name(security.Owner);
                problems.Add(new AccessProblem(path, item, AccessProblemKind.UntrustedOwner,
                    $"{what} is owned by {owner}, not by SYSTEM, Administrators or you; its owner can change its permissions at any time.", security.Owner));
            }

            foreach (var entry in security.Entries.Where(entry => !entry.Understood))
            {
                var whose = entry.Sid.Length == 0 ? "" : $" for {Name(entry.Sid)}";
                var scope = entry.InheritOnly ? $"the files created in {what}" : what;
                var source = entry.Inherited ? ", inherited from the parent folder" : "";
                problems.Add(new AccessProblem(path, item, AccessProblemKind.UnknownEntry,
                    $"{scope} has {RawAces.Describe(entry.AceType)}{whose}{source}, which RasMfa does not check: it cannot tell whom it lets in. Remove it.",
                    entry.Sid.Length == 0 ? null : entry.Sid, entry.Inherited));
            }

            var grants = security.Entries
                .Where(entry => entry.Allows && !IsTrusted(entry.Sid, trusted))
                .GroupBy(entry => (Sid: entry.Sid.ToUpperInvariant(), entry.Inherited, entry.InheritOnly));
            foreach (var grant in grants)
            {
                // Execute reads a file's content; on the folder itself it is traversal, but an entry passed on to files reads them.
                bool read = grant.Any(entry => FileRights.GrantsRead(entry.Rights, onFiles: item != StoreItem.Folder || entry.InheritedByChildren));
                bool write = grant.Any(entry => FileRights.GrantsWrite(entry.Rights));
                if (!read && !write) continue;
                var verb = read && write ? "may read and change" : write ? "may change" : "may read";
                var scope = grant.Key.InheritOnly ? $"the files created in {what}" : what;
                var source = grant.Key.Inherited ? ", through an entry inherited from the parent folder" : "";
                problems.Add(new AccessProblem(path, item, write ? AccessProblemKind.OthersMayWrite : AccessProblemKind.OthersMayRead,
                    $"{Name(grant.First().Sid)} {verb} {scope}{source}.", grant.First().Sid, grant.Key.Inherited));
            }
            return problems;
        }

        // CREATOR OWNER stands for whoever creates a file inside, and only trusted accounts may create files there;
        // OWNER RIGHTS stands for the owner, whom the owner check already judges.
        private static bool IsTrusted(string sid, HashSet<string> trusted) =>
            trusted.Contains(sid)
            || string.Equals(sid, WellKnownSids.CreatorOwner, StringComparison.OrdinalIgnoreCase)
            || string.Equals(sid, WellKnownSids.OwnerRights, StringComparison.OrdinalIgnoreCase);

        private static string Describe(StoreItem item) => item switch
        {
            StoreItem.Folder => "the store folder",
            StoreItem.KeyFile => "the DPAPI entropy file",
            StoreItem.SharedStoreKey => "the shared store's key",
            StoreItem.StoreSetting => "the machine-wide store setting",
            StoreItem.SqliteSideFile => "SQLite's file beside the database",
            _ => "the database",
        };
    }
}
