using System;
using System.Collections.Generic;
using System.DirectoryServices.Protocols;
using System.Linq;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Directories
{
    /// <summary>Which attribute gives an AD user's RasMfa user name.</summary>
    public enum UserNameAttribute
    {
        UserPrincipalName,
        SamAccountName,
    }

    /// <summary>Which users of a directory to take: a group (and its nested groups with Recurse), or everyone under a base.</summary>
    public sealed class DirectoryScope
    {
        public string? Group { get; set; }
        public string? SearchBase { get; set; }
        public bool Recurse { get; set; }
        public UserNameAttribute UserNameAttribute { get; set; } = UserNameAttribute.UserPrincipalName;

        public bool SameAs(DirectoryScope other) =>
            string.Equals(Group, other.Group, StringComparison.OrdinalIgnoreCase) && string.Equals(SearchBase, other.SearchBase, StringComparison.OrdinalIgnoreCase) &&
            Recurse == other.Recurse && UserNameAttribute == other.UserNameAttribute;

        /// <summary>Stored as "group|searchBase|recurse|attribute" lines; neither a group name nor a DN holds '|' or a line break.</summary>
        public static string Format(IEnumerable<DirectoryScope> scopes) =>
            string.Join("\n", scopes.Select(s => $"{s.Group}|{s.SearchBase}|{(s.Recurse ? 1 : 0)}|{s.UserNameAttribute}"));

        public static List<DirectoryScope> Parse(string text) => text.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var parts = line.Split('|');
            return new DirectoryScope
            {
                Group = parts[0].Length == 0 ? null : parts[0],
                SearchBase = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null,
                Recurse = parts.Length > 2 && parts[2] == "1",
                UserNameAttribute = parts.Length > 3 && Enum.TryParse<UserNameAttribute>(parts[3], out var attribute) ? attribute : UserNameAttribute.UserPrincipalName,
            };
        }).ToList();
    }

    /// <summary>
    /// Reads people from a directory as import rows: user name from userPrincipalName (else sAMAccountName, or sAMAccountName
    /// when the scope says so; uid in LDAP),
    /// phone from mobile (else telephoneNumber), e-mail from mail, Enabled from userAccountControl.
    /// Large result sets are paged and large groups read in ranges, as AD requires.
    /// </summary>
    public static class DirectoryUserSource
    {
        private const int PageSize = 500;
        private static readonly string[] UserAttributes =
            { "objectClass", "userPrincipalName", "sAMAccountName", "uid", "displayName", "cn", "mail", "mobile", "telephoneNumber", "userAccountControl" };

        public static IReadOnlyList<UserImportRow> Read(DirectoryDefinition directory, DirectoryScope scope)
        {
            if (directory.BindUserName == null)
                throw new InvalidOperationException($"Directory '{directory.Name}' has no service account; give it one with Set-RasMfaDirectory -BindCredential to import users.");
            Exception? last = null;
            foreach (var server in directory.Servers)
            {
                try
                {
                    return LdapSearchPool.Shared.Use(directory, server, connection =>
                    {
                        var baseDn = scope.SearchBase ?? directory.BaseDN ?? DirectoryChecker.DefaultNamingContext(connection);
                        var entries = scope.Group == null ? Everyone(connection, directory, baseDn) : GroupMembers(connection, directory, baseDn, scope);
                        return (IReadOnlyList<UserImportRow>)entries.Select(e => ToRow(directory, scope, e)).Where(r => r.UserName != null).ToList();
                    });
                }
                catch (Exception e) when (e is LdapException || e is DirectoryOperationException)
                {
                    last = e;
                }
            }
            throw new InvalidOperationException($"No server of directory '{directory.Name}' could be read: {last?.Message}", last);
        }

        private static IEnumerable<SearchResultEntry> Everyone(LdapConnection connection, DirectoryDefinition directory, string baseDn)
        {
            var filter = directory.Type == DirectoryType.ActiveDirectory ? "(&(objectCategory=person)(objectClass=user))" : "(objectClass=person)";
            var request = new SearchRequest(baseDn, filter, SearchScope.Subtree, UserAttributes);
            var paging = new PageResultRequestControl(PageSize);
            request.Controls.Add(paging);
            while (true)
            {
                var response = (SearchResponse)connection.SendRequest(request);
                foreach (SearchResultEntry entry in response.Entries) yield return entry;
                var cookie = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie;
                if (cookie == null || cookie.Length == 0) yield break;
                paging.Cookie = cookie;
            }
        }

        private static IEnumerable<SearchResultEntry> GroupMembers(LdapConnection connection, DirectoryDefinition directory, string baseDn, DirectoryScope scope)
        {
            var group = FindGroup(connection, directory, baseDn, scope.Group!)
                ?? throw new InvalidOperationException($"No group '{scope.Group}' under {baseDn} in directory '{directory.Name}'.");
            var pending = new Queue<string>(new[] { group });
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { group };
            while (pending.Count > 0)
            {
                foreach (var memberDn in Members(connection, pending.Dequeue()))
                {
                    if (!seen.Add(memberDn)) continue;
                    var entry = ReadEntry(connection, memberDn);
                    if (entry == null) continue;
                    var classes = Values(entry, "objectClass");
                    if (classes.Contains("group", StringComparer.OrdinalIgnoreCase) || classes.Contains("groupOfNames", StringComparer.OrdinalIgnoreCase))
                    {
                        if (scope.Recurse) pending.Enqueue(memberDn);
                    }
                    else if (classes.Contains("person", StringComparer.OrdinalIgnoreCase) || classes.Contains("user", StringComparer.OrdinalIgnoreCase))
                    {
                        if (scope.SearchBase == null || memberDn.EndsWith(scope.SearchBase, StringComparison.OrdinalIgnoreCase)) yield return entry;
                    }
                }
            }
        }

        private static string? FindGroup(LdapConnection connection, DirectoryDefinition directory, string baseDn, string group)
        {
            if (group.IndexOf('=') > 0) return group;
            var name = LdapFilter.Escape(group);
            var filter = directory.Type == DirectoryType.ActiveDirectory
                ? $"(&(objectClass=group)(|(cn={name})(sAMAccountName={name})))"
                : $"(&(|(objectClass=groupOfNames)(objectClass=group))(cn={name}))";
            var response = (SearchResponse)connection.SendRequest(new SearchRequest(baseDn, filter, SearchScope.Subtree, "distinguishedName") { SizeLimit = 2 });
            return response.Entries.Count == 1 ? response.Entries[0].DistinguishedName : null;
        }

        // AD returns at most 1500 values of member at a time, as member;range=0-1499; ask for the next range until "*".
        private static IEnumerable<string> Members(LdapConnection connection, string groupDn)
        {
            int start = 0;
            while (true)
            {
                var attribute = start == 0 ? "member" : $"member;range={start}-*";
                var response = (SearchResponse)connection.SendRequest(new SearchRequest(groupDn, "(objectClass=*)", SearchScope.Base, attribute));
                if (response.Entries.Count == 0) yield break;
                var entry = response.Entries[0];
                string? ranged = entry.Attributes.AttributeNames.Cast<string>().FirstOrDefault(n => n.StartsWith("member", StringComparison.OrdinalIgnoreCase));
                if (ranged == null) yield break;
                var values = entry.Attributes[ranged].GetValues(typeof(string)).Cast<string>().ToList();
                foreach (var value in values) yield return value;
                if (!ranged.Contains(";range=") || ranged.EndsWith("-*", StringComparison.Ordinal)) yield break;
                start += values.Count;
            }
        }

        private static SearchResultEntry? ReadEntry(LdapConnection connection, string dn)
        {
            try
            {
                var response = (SearchResponse)connection.SendRequest(new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, UserAttributes));
                return response.Entries.Count == 1 ? response.Entries[0] : null;
            }
            catch (DirectoryOperationException)
            {
                return null; // a member that no longer exists, or one we may not read
            }
        }

        private static UserImportRow ToRow(DirectoryDefinition directory, DirectoryScope scope, SearchResultEntry entry) => new UserImportRow
        {
            UserName = directory.Type != DirectoryType.ActiveDirectory ? DirectoryAccount.Text(entry, "uid")
                : scope.UserNameAttribute == UserNameAttribute.SamAccountName ? DirectoryAccount.Text(entry, "sAMAccountName")
                : DirectoryAccount.Text(entry, "userPrincipalName") ?? DirectoryAccount.Text(entry, "sAMAccountName"),
            DisplayName = DirectoryAccount.Text(entry, "displayName") ?? DirectoryAccount.Text(entry, "cn"),
            Email = DirectoryAccount.Text(entry, "mail"),
            PhoneNumber = DirectoryAccount.Text(entry, "mobile") ?? DirectoryAccount.Text(entry, "telephoneNumber"),
            Enabled = directory.Type != DirectoryType.ActiveDirectory || !DirectoryAccount.IsDisabled(entry),
            SourceDirectory = directory.Name,
        };

        private static IReadOnlyList<string> Values(SearchResultEntry entry, string attribute) =>
            entry.Attributes.Contains(attribute) ? entry.Attributes[attribute].GetValues(typeof(string)).Cast<string>().ToList() : new List<string>();
    }
}
