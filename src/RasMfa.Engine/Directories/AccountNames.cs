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
            var dnsDomain = DnsDomainOf(distinguishedName);
            var names = new List<string?> { userPrincipalName, userPrincipalName == null ? null : Users.UserNameRules.BareName(userPrincipalName), distinguishedName };
            if (samAccountName != null)
            {
                names.Add(samAccountName);
                if (netBiosDomain != null) names.Add(netBiosDomain + "\\" + samAccountName);
                if (dnsDomain != null)
                {
                    names.Add(dnsDomain + "\\" + samAccountName);
                    names.Add(samAccountName + "@" + dnsDomain);
                }
            }
            if (objectGuid != null) names.Add(objectGuid.Value.ToString());
            return FirstFactorAccount.Named(distinguishedName, names);
        }

        /// <summary>A plain LDAP directory's person: uid (what sync stores), mail, the DN and entryUUID.</summary>
        public static FirstFactorAccount ForLdap(string distinguishedName, string? uid, string? mail, string? entryUuid) =>
            FirstFactorAccount.Named(distinguishedName, new[] { uid, mail, distinguishedName, entryUuid });

        /// <summary>The DNS name of the domain a DN lies in, from its DC= parts ("CN=x,DC=corp,DC=example": corp.example); null without any.</summary>
        public static string? DnsDomainOf(string distinguishedName)
        {
            var labels = DomainComponents(distinguishedName).Select(part => part.Substring(3).Trim()).ToList();
            return labels.Count == 0 || labels.Any(label => label.Length == 0) ? null : string.Join(".", labels);
        }

        /// <summary>The domain's own DN ("DC=corp,DC=example") of a DN within it; null without DC= parts.</summary>
        public static string? DomainDnOf(string distinguishedName)
        {
            var parts = DomainComponents(distinguishedName).Select(part => part.Trim()).ToList();
            return parts.Count == 0 ? null : string.Join(",", parts);
        }

        // A comma inside a value is escaped ("CN=Smith\, Alice"); the DC= parts that end a DN carry none in practice, and a
        // part split wrongly inside a CN does not begin with DC=.
        private static IEnumerable<string> DomainComponents(string distinguishedName) =>
            distinguishedName.Split(',').Select(part => part.Trim()).Where(part => part.StartsWith("DC=", StringComparison.OrdinalIgnoreCase));
    }
}
