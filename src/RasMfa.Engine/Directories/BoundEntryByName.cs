using System.DirectoryServices.Protocols;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Directories
{
    /// <summary>
    /// For a directory that does not answer "Who am I?" (Samba AD): the bound account's own entry, found on the user's own
    /// connection by the form of the name the bind took. A DN: that entry. name@suffix: the one userPrincipalName.
    /// DOMAIN\name: the one sAMAccountName, if the directory's domain is DOMAIN. A bare name: the one sAMAccountName.
    /// Anything but exactly one entry is unresolved, never a guess (AD also takes an implicit UPN, sAMAccountName@dnsdomain,
    /// which is not looked for: such a login is unresolved and never let through as unknown).
    /// </summary>
    internal static class BoundEntryByName
    {
        public static FirstFactorAccount Identify(DirectoryDefinition directory, string server, LdapConnection connection, string boundName)
        {
            if (DistinguishedNames.IsDistinguishedName(boundName))
                return Named(directory, connection, BoundAccount.ReadOne(connection, boundName, "(objectClass=*)", SearchScope.Base), boundName, domain: null);
            if (directory.Type != DirectoryType.ActiveDirectory)
                return FirstFactorAccount.Unresolved($"the directory does not answer Who am I?, and the name bound ({boundName}) is not a DN");
            int backslash = boundName.IndexOf('\\');
            if (backslash >= 0)
            {
                var domain = boundName.Substring(0, backslash);
                var sam = boundName.Substring(backslash + 1);
                if (domain.Length == 0 || sam.Length == 0 || sam.IndexOf('\\') >= 0)
                    return FirstFactorAccount.Unresolved($"the directory does not answer Who am I?, and the name bound ({boundName}) is not DOMAIN\\name");
                return Named(directory, connection, FindPerson(directory, server, connection, "sAMAccountName", sam), boundName, domain);
            }
            var attribute = boundName.IndexOf('@') >= 0 ? "userPrincipalName" : "sAMAccountName";
            return Named(directory, connection, FindPerson(directory, server, connection, attribute, boundName), boundName, domain: null);
        }

        private static FirstFactorAccount Named(DirectoryDefinition directory, LdapConnection connection, SearchResultEntry? entry, string boundName, string? domain)
        {
            if (entry == null) return FirstFactorAccount.Unresolved($"the directory does not answer Who am I?, and the name bound ({boundName}) found no one entry");
            var netBios = BoundAccount.NetBiosDomainOf(directory, connection, entry);
            if (domain == null) return BoundAccount.FromEntry(directory, entry, netBios);
            // The sAMAccountName is unique within a domain only: the entry found must be in the domain the name said, by the
            // domain's NetBIOS name as the directory gives it (never guessed from the DN) or its DNS name.
            if (UserNameKey.Same(netBios, domain) || UserNameKey.Same(AccountNames.DnsDomainOf(entry.DistinguishedName), domain))
                return BoundAccount.FromEntry(directory, entry, netBios);
            return FirstFactorAccount.Unresolved($"the name bound ({boundName}) names domain {domain}, but the entry found ({entry.DistinguishedName}) is not shown to be in it");
        }

        private static SearchResultEntry? FindPerson(DirectoryDefinition directory, string server, LdapConnection connection, string attribute, string value)
        {
            var baseDn = directory.BaseDN ?? DirectoryNaming.DefaultNamingContext(directory, server, connection);
            if (baseDn == null) return null;
            return BoundAccount.ReadOne(connection, baseDn, $"(&(objectCategory=person)(objectClass=user)({attribute}={LdapFilter.Escape(value)}))", SearchScope.Subtree);
        }
    }
}
