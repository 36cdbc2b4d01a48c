using System;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Directories;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Entra
{
    /// <summary>
    /// Sync-RasMfaUser -EntraTenant: each imported group read in full the first time (and whenever Graph answers 410 Gone
    /// for a delta link, or the group has nested groups, whose changes group delta does not report), after that through
    /// delta queries: members joined and left (/groups/delta), members changed, disabled or deleted (/users/delta). Users
    /// of the tenant who are in none of its groups any more are disabled (or removed), with the AD sync's guard: past the
    /// threshold nothing is, unless forced. Graph is read whole before anything is written, and the delta links are stored
    /// only after the users are: a sync that fails midway changes nothing, or replays the same changes next time.
    /// </summary>
    public sealed class EntraUserSync
    {
        private readonly IEntraTenantStore _tenants;
        private readonly IDirectoryStore _directories;
        private readonly IUserStore _users;
        private readonly Func<IEntraGraphFactory> _graphs;

        public EntraUserSync(IEntraTenantStore tenants, IDirectoryStore directories, IUserStore users, Func<IEntraGraphFactory>? graphs = null)
        {
            _tenants = tenants;
            _directories = directories;
            _users = users;
            _graphs = graphs ?? (() => EntraGateway.Factory);
        }

        /// <summary>Null when the review did not approve it.</summary>
        public DirectorySyncResult? Sync(string tenantName, bool removeMissing, bool force, IChangeReview review)
        {
            var tenant = new EntraTenantService(_tenants, _directories, _graphs).Readable(tenantName, "to synchronise it");
            var action = removeMissing ? "Synchronise users, removing those gone from the tenant's groups" : "Synchronise users, disabling those gone from the tenant's groups";
            if (!review.Approve(tenant.Name, action)) return null;
            var result = Run(tenant, removeMissing, force, review);
            if (result.HeldBack)
                review.Warn($"{result.Missing.Count} users of '{tenant.Name}' are gone from its groups, more than {DirectorySync.DefaultThreshold}: none was disabled or removed. " +
                    "Check the tenant and its groups, then run again with -Force.");
            return result;
        }

        /// <summary>One sync of every scope of the tenant (the listener's schedule calls this, never forced).</summary>
        public DirectorySyncResult Run(EntraTenantDefinition tenant, bool removeMissing, bool force, IChangeReview review, int threshold = DirectorySync.DefaultThreshold)
        {
            var previous = EntraSyncState.Parse(tenant.SyncState);
            var next = new EntraSyncState();
            var rows = new List<(string Id, UserImportRow Row)>();
            try
            {
                using var graph = _graphs().Open(EntraGateway.ConnectionFor(tenant));
                var delta = graph as IEntraDeltaGraph ?? throw new EntraGraphException("This RasMfa.Entra cannot read Graph's delta queries.");
                foreach (var scope in tenant.SyncScopes.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    var parts = scope.Split('|');
                    var attribute = parts.Length > 1 && Enum.TryParse<EntraUserNameAttribute>(parts[1], out var parsed) ? parsed : EntraUserNameAttribute.UserPrincipalName;
                    previous.Scopes.TryGetValue(scope, out var before);
                    next.Scopes[scope] = new EntraScopeSync(graph, delta, new EntraUserImport(_tenants, _directories, _users, _graphs), tenant.Name, attribute, review)
                        .Read(parts[0], before, rows);
                }
            }
            catch (EntraGraphException e)
            {
                throw new EngineException(EngineErrorKind.Unavailable, "EntraTenantUnreadable", $"Entra tenant '{tenant.Name}': {e.Message} Nothing was changed.", e, tenant.Name);
            }

            var result = new DirectorySyncResult { Directory = tenant.Name };
            // A user in two groups is one row; two users giving one name (a delta's renamed user and one kept, too) are neither.
            var unique = EntraRowsByName.Distinct(rows, next.Scopes.Values.SelectMany(s => s.Members), tenant.Name, review);
            DirectorySync.Write(_users, unique, result, outcome => review.Warn($"'{outcome.Row.UserName}' was not synchronised: {outcome.Error}"));

            var present = new HashSet<string>(next.Scopes.Values.SelectMany(s => s.Members.Values), UserNameKey.Comparer);
            DirectorySync.SettleMissing(_users, tenant.Name, present, removeMissing, force, threshold, result);

            // Last: the links move on only once their changes are written. A held-back sync moves them too: who is missing
            // is worked out from the members kept here against the store, so the next sync (or -Force) finds the same users.
            tenant.SyncState = next.ToJson();
            tenant.LastSyncUtc = DateTime.UtcNow;
            _tenants.Update(tenant.Name, tenant);
            return result;
        }
    }
}
