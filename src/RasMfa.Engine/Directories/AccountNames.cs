using System;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.FirstFactors;

namespace RasMfa.Engine.Directories
{
    /// <summary>
    /// Every name under which a directory takes one account, for finding its stored user whichever of them was sent
    /// ([MS-ADTS] 5.1.1.1.1: a simple bind takes the DN, the UPN, the implicit UPN sAMAccountName@dnsdomain and
    /// NETBIOS\sAMAccountName; a service account's search takes the bare sAMAccountName). The UPN's name part is included
    /// too, since the login path finds a user stored as just "name" from name@suffix (<see cref="Users.UserNameRules"/>):
    /// a name too many finds a user who must then give the code, a name too few lets an enrolled user pass as unknown.
    /// </summary>
    public static class AccountNames
    {
        public static FirstFactorAccount ForActiveDirectory(string distinguishedName, string? userPrincipalName, string? samAccountName, Guid? objectGuid, string? netBiosDomain)
        {
            // NETBIOS\sAMAccountName is the name admins store users under most; the store matches whole names, so without it
            // a user stored that way is not found by the account's other names, and would pass as unknown: not identified.
            if (samAccountName == null) return FirstFactorAccount.Unresolved($"the directory gave no sAMAccountName for {distinguishedName}");
            if (netBiosDomain == null) return FirstFactorAccount.Unresolved($"the NetBIOS name of the domain of {distinguishedName} is not known, so neither is its name DOMAIN\\{samAccountName}");
            var dnsDomain = DnsDomainOf(distinguishedName);
            var names = new List<string?> { userPrincipalName, userPrincipalName == null ? null : Users.UserNameRules.BareName(userPrincipalName), distinguishedName };
            names.Add(samAccountName);
            names.Add(netBiosDomain + "\\" + samAccountName);
            if (dnsDomain != null)
            {
                names.Add(dnsDomain + "\\" + samAccountName);
                names.Add(samAccountName + "@" + dnsDomain);
            }
            if (objectGuid != null) names.Add(objectGuid.Value.ToString());
            return FirstFactorAccount.Named(distinguishedName, names);
        }

        /// <summary>A plain LDAP directory's person: uid (what sync stores), mail, the DN and entryUUID.</summary>
        public static FirstFactorAccount ForLdap(string distinguishedName, string? uid, string? mail, string? entryUuid) =>
            FirstFactorAccount.Named(distinguishedName, new[] { uid, mail, distinguishedName, entryUuid });

        /// <summary>The DNS name of the domain a DN lies in, from its trailing DC= RDNs ("CN=x,DC=corp,DC=example": corp.example); null without any.</summary>
        public static string? DnsDomainOf(string distinguishedName) =>
            DistinguishedNames.DomainComponents(distinguishedName) is { } domain ? string.Join(".", domain.Labels) : null;

        /// <summary>The domain's own DN ("DC=corp,DC=example") of a DN within it; null without trailing DC= RDNs.</summary>
        public static string? DomainDnOf(string distinguishedName) =>
            DistinguishedNames.DomainComponents(distinguishedName) is { } domain ? string.Join(",", domain.Rdns) : null;
    }
}
