using System;
using System.DirectoryServices.Protocols;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Directories
{
    /// <summary>
    /// Which account a directory bind authenticated, with all its names (<see cref="AccountNames"/>). With a service
    /// account, the entry its search found, which the bind was made as. Without one, the directory is asked on the user's
    /// own connection ("Who am I?", RFC 4532) and the account's entry is read there; a server that does not answer it (Samba)
    /// has the entry looked up there by the form of the name bound (<see cref="BoundEntryByName"/>). The name the user sent is
    /// never itself taken for the account, since AD takes many names for one. Anything short of one entry that is surely the bound account is
    /// unresolved, which the login path never lets through as an unknown user.
    /// </summary>
    internal static class BoundAccount
    {
        /// <summary>The attributes that name an account, added to the service account's search.</summary>
        public static readonly string[] NameAttributes = { "userPrincipalName", "sAMAccountName", "objectGUID", "uid", "mail", "entryUUID" };

        public static FirstFactorAccount FromEntry(DirectoryDefinition directory, SearchResultEntry entry, string? netBiosDomain)
        {
            var dn = entry.DistinguishedName;
            return directory.Type == DirectoryType.ActiveDirectory
                ? AccountNames.ForActiveDirectory(dn, DirectoryAccount.Text(entry, "userPrincipalName"), DirectoryAccount.Text(entry, "sAMAccountName"), ObjectGuid(entry), netBiosDomain)
                : AccountNames.ForLdap(dn, DirectoryAccount.Text(entry, "uid"), DirectoryAccount.Text(entry, "mail"), DirectoryAccount.Text(entry, "entryUUID"));
        }

        /// <summary>The NetBIOS name of the domain an entry lies in, when the directory gives it (read once per domain).</summary>
        public static string? NetBiosDomainOf(DirectoryDefinition directory, LdapConnection connection, SearchResultEntry entry) =>
            AccountNames.DomainDnOf(entry.DistinguishedName) is { } domainDn ? DirectoryNaming.NetBiosName(directory, connection, domainDn) : null;

        /// <summary>
        /// After the user's own bind on <paramref name="connection"/> as <paramref name="boundName"/>: who that is, asked of
        /// the directory ("Who am I?"), or, from a server that does not answer it, found by the name bound. Two requests.
        /// </summary>
        public static FirstFactorAccount AskDirectory(DirectoryDefinition directory, string server, LdapConnection connection, string boundName)
        {
            try
            {
                if (WhoAmISupport.IsKnownUnsupported(directory, server)) return BoundEntryByName.Identify(directory, server, connection, boundName);
                ExtendedResponse answer;
                try
                {
                    answer = (ExtendedResponse)connection.SendRequest(new ExtendedRequest(WhoAmI.Oid));
                }
                catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.ProtocolError)
                {
                    // RFC 4511 4.12: protocolError is how a server says it does not know an extended operation.
                    WhoAmISupport.RememberUnsupported(directory, server);
                    return BoundEntryByName.Identify(directory, server, connection, boundName);
                }
                return ByWhoAmI(directory, server, connection, WhoAmI.Parse(answer.ResponseValue));
            }
            catch (Exception e) when (e is LdapException || e is DirectoryOperationException || e is InvalidOperationException || e is NotSupportedException)
            {
                return FirstFactorAccount.Unresolved("the directory did not say who the account is: " + e.Message.Trim());
            }
        }

        private static FirstFactorAccount ByWhoAmI(DirectoryDefinition directory, string server, LdapConnection connection, WhoAmI who)
        {
            var entry = who.Kind switch
            {
                BoundIdentityKind.DistinguishedName => ReadOne(connection, who.DistinguishedName!, "(objectClass=*)", SearchScope.Base),
                BoundIdentityKind.UserId => FindByUserId(directory, server, connection, who.Account!),
                _ => null,
            };
            if (entry == null) return FirstFactorAccount.Unresolved($"the directory's answer to Who am I? ({who.Kind}) named no one entry");
            var netBios = NetBiosDomainOf(directory, connection, entry);
            if (who.Domain != null && directory.Type == DirectoryType.ActiveDirectory)
            {
                // The sAMAccountName is unique within a domain only: the entry found must be in the domain the directory named.
                var domainOfEntry = netBios ?? FirstLabel(AccountNames.DnsDomainOf(entry.DistinguishedName));
                if (!UserNameKey.Same(domainOfEntry, who.Domain))
                    return FirstFactorAccount.Unresolved($"the directory named {who.Domain}\\{who.Account}, but the entry found ({entry.DistinguishedName}) is not shown to be in that domain");
                netBios = who.Domain;
            }
            return FromEntry(directory, entry, netBios);
        }

        private static SearchResultEntry? FindByUserId(DirectoryDefinition directory, string server, LdapConnection connection, string userId)
        {
            var baseDn = directory.BaseDN ?? DirectoryNaming.DefaultNamingContext(directory, server, connection);
            if (baseDn == null) return null;
            var filter = directory.Type == DirectoryType.ActiveDirectory
                ? $"(&(objectCategory=person)(objectClass=user)(sAMAccountName={LdapFilter.Escape(userId)}))"
                : $"(&(objectClass=person)(uid={LdapFilter.Escape(userId)}))";
            return ReadOne(connection, baseDn, filter, SearchScope.Subtree);
        }

        internal static SearchResultEntry? ReadOne(LdapConnection connection, string baseDn, string filter, SearchScope scope)
        {
            var response = (SearchResponse)connection.SendRequest(new SearchRequest(baseDn, filter, scope, NameAttributes) { SizeLimit = 2 });
            return response.Entries.Count == 1 ? response.Entries[0] : null;
        }

        private static Guid? ObjectGuid(SearchResultEntry entry)
        {
            if (!entry.Attributes.Contains("objectGUID")) return null;
            var values = entry.Attributes["objectGUID"].GetValues(typeof(byte[]));
            return values.Length == 1 && values[0] is byte[] bytes && bytes.Length == 16 ? new Guid(bytes) : (Guid?)null;
        }

        private static string? FirstLabel(string? dnsDomain) => dnsDomain?.Split('.')[0];
    }
}
