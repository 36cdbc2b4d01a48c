using System;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Entra
{
    /// <summary>One imported group of a sync: read through its delta links when it can be, in full when it must be.</summary>
    internal sealed class EntraScopeSync
    {
        private readonly IEntraGraph _graph;
        private readonly IEntraDeltaGraph _delta;
        private readonly EntraUserImport _import;
        private readonly string _tenantName;
        private readonly EntraUserNameAttribute _attribute;
        private readonly IChangeReview _review;

        public EntraScopeSync(IEntraGraph graph, IEntraDeltaGraph delta, EntraUserImport import, string tenantName, EntraUserNameAttribute attribute, IChangeReview review)
        {
            _graph = graph;
            _delta = delta;
            _import = import;
            _tenantName = tenantName;
            _attribute = attribute;
            _review = review;
        }

        /// <summary>Adds the rows to write to <paramref name="rows"/> and returns the scope's state for the next sync.</summary>
        public EntraScopeState Read(string groupId, EntraScopeState? before, List<(string Id, UserImportRow Row)> rows)
        {
            if (before != null && !before.Nested && before.MembersDeltaLink != null && before.UsersDeltaLink != null)
            {
                try
                {
                    var changed = Delta(before, rows);
                    if (changed != null) return changed;
                }
                catch (EntraGraphException e) when (e.Status == 410)
                {
                    // Graph no longer knows the delta token (too old, or reset): as documented, start again from a full read.
                }
            }
            return Full(groupId, rows);
        }

        private EntraScopeState Full(string groupId, List<(string Id, UserImportRow Row)> rows)
        {
            // The links are taken before the read: what changes during it is replayed by the next sync, and replaying is harmless.
            var state = new EntraScopeState
            {
                MembersDeltaLink = _delta.LatestMembersDeltaLink(groupId),
                UsersDeltaLink = _delta.LatestUsersDeltaLink(),
                Nested = _delta.HasNestedGroups(groupId),
            };
            foreach (var (id, row) in _import.RowsById(_graph, _graph.TransitiveUsers(groupId), _attribute, _tenantName, _review))
            {
                state.Members[id] = row.UserName!;
                rows.Add((id, row));
            }
            return state;
        }

        // Null when a group joined or left the group: only a full read follows nested membership.
        private EntraScopeState? Delta(EntraScopeState before, List<(string Id, UserImportRow Row)> rows)
        {
            var membership = _delta.MembersDelta(before.MembersDeltaLink!);
            if (membership.GroupsChanged) return null;
            var users = _delta.UsersDelta(before.UsersDeltaLink!);
            var state = new EntraScopeState
            {
                MembersDeltaLink = membership.DeltaLink,
                UsersDeltaLink = users.DeltaLink,
                Members = new Dictionary<string, string>(before.Members, StringComparer.Ordinal),
            };
            foreach (var id in membership.RemovedUsers.Concat(users.Removed)) state.Members.Remove(id);

            // Joined, or changed while a member: read whole, since a delta carries only what changed.
            var touched = membership.AddedUsers.Where(id => !membership.RemovedUsers.Contains(id))
                .Concat(users.Changed.Select(u => u.Id).Where(id => state.Members.ContainsKey(id)))
                .Distinct(StringComparer.Ordinal).ToList();
            var read = new List<EntraUser>();
            foreach (var id in touched)
            {
                var user = _delta.ReadUser(id);
                if (user == null) state.Members.Remove(id);
                else read.Add(user);
            }
            var named = _import.RowsById(_graph, read, _attribute, _tenantName, _review);
            foreach (var id in touched.Except(named.Select(n => n.Id))) state.Members.Remove(id); // no name by the chosen attribute
            foreach (var (id, row) in named)
            {
                state.Members[id] = row.UserName!;
                rows.Add((id, row));
            }
            return state;
        }
    }
}
