using System;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Directories;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Entra
{
    /// <summary>
    /// Import-RasMfaUser -EntraTenant: a group's transitive members through Graph, written as the AD import writes
    /// (UserImport, in batches) and reported the same way (DirectorySyncResult). The group joins the tenant's sync scopes.
    /// A row never writes over a user of another source or one made by hand (refused, with a warning naming both).
    /// </summary>
    public sealed class EntraUserImport
    {
        private readonly IEntraTenantStore _tenants;
        private readonly IDirectoryStore _directories;
        private readonly IUserStore _users;
        private readonly Func<IEntraGraphFactory> _graphs;

        public EntraUserImport(IEntraTenantStore tenants, IDirectoryStore directories, IUserStore users, Func<IEntraGraphFactory>? graphs = null)
        {
            _tenants = tenants;
            _directories = directories;
            _users = users;
            _graphs = graphs ?? (() => EntraGateway.Factory);
        }

        /// <summary>Null when the review did not approve it.</summary>
        public DirectorySyncResult? Import(string tenantName, string group, EntraUserNameAttribute attribute, IChangeReview review)
        {
            var tenant = new EntraTenantService(_tenants, _directories, _graphs).Readable(tenantName, "to import from it");
            if (!review.Approve($"{group} in {tenant.Name}", "Import RasMfa users from the Entra tenant")) return null;
            List<(string Id, UserImportRow Row)> rowsById;
            string groupId;
            try
            {
                using var graph = _graphs().Open(EntraGateway.ConnectionFor(tenant));
                groupId = graph.FindGroup(group);
                rowsById = RowsById(graph, graph.TransitiveUsers(groupId), attribute, tenant.Name, review);
            }
            catch (EntraGraphException e)
            {
                throw new EngineException(EngineErrorKind.Unavailable, "EntraTenantUnreadable", $"Entra tenant '{tenant.Name}': {e.Message}", e, tenant.Name);
            }

            var result = new DirectorySyncResult { Directory = tenant.Name };
            var rows = EntraRowsByName.Distinct(rowsById, new KeyValuePair<string, string>[0], tenant.Name, review);
            DirectorySync.Write(_users, rows, result, outcome => review.Warn($"'{outcome.Row.UserName}' was not imported: {outcome.Error}"));
            var scope = $"{groupId}|{attribute}";
            var scopes = tenant.SyncScopes.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries).ToList();
            if (!scopes.Contains(scope, StringComparer.OrdinalIgnoreCase))
            {
                scopes.Add(scope);
                tenant.SyncScopes = string.Join("\n", scopes);
                _tenants.Update(tenant.Name, tenant);
            }
            return result;
        }

        /// <summary>Each member's row by its Entra object id (members without the chosen name are left out), as a sync needs them.</summary>
        internal List<(string Id, UserImportRow Row)> RowsById(IEntraGraph graph, IReadOnlyList<EntraUser> members, EntraUserNameAttribute attribute, string tenantName, IChangeReview review)
        {
            var domainsByDirectory = _directories.List().ToDictionary(d => d.Name, EntraDirectoryDomains.Of, StringComparer.OrdinalIgnoreCase);
            var adImported = new Dictionary<string, MfaUser>(UserNameKey.Comparer);
            foreach (var user in _users.List())
                if (user.SourceDirectory != null && domainsByDirectory.ContainsKey(user.SourceDirectory) && !adImported.ContainsKey(user.UserName)) adImported.Add(user.UserName, user);

            var rows = new List<(string Id, UserImportRow Row)>();
            bool phoneMethodsReadable = true;
            foreach (var member in members)
            {
                string? phone = null;
                if (phoneMethodsReadable)
                {
                    try
                    {
                        phone = graph.MobilePhoneMethod(member.Id);
                    }
                    catch (EntraGraphException e) when (e.Status == 403)
                    {
                        // Without UserAuthenticationMethod.Read.All every user's call fails alike: say so once, use mobilePhone.
                        phoneMethodsReadable = false;
                        review.Warn($"Entra tenant '{tenantName}' does not let RasMfa read phone authentication methods (UserAuthenticationMethod.Read.All): " +
                            "phone numbers come from mobilePhone instead. Test-RasMfaEntraTenant lists what the application lacks.");
                    }
                }
                var row = EntraUserRows.ToRow(member, phone, attribute, tenantName);
                if (row == null) continue;
                var same = EntraUserRows.SameAsImportedFromAd(member, adImported, domainsByDirectory);
                if (same != null)
                {
                    // The AD import's user, who stays its directory's: its sync owns Enabled (it disables a user gone from AD),
                    // and the directory's phone and e-mail stand; Entra fills them only where the directory left them empty.
                    row.UserName = same.UserName;
                    row.SourceDirectory = same.SourceDirectory;
                    row.Enabled = null;
                    row.Claim = UserRowClaim.SameUserOfSource;
                }
                rows.Add((member.Id, row));
            }
            return rows;
        }
    }
}
