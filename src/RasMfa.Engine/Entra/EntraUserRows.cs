using System;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Entra
{
    /// <summary>Which property of an Entra user gives the RasMfa user name.</summary>
    public enum EntraUserNameAttribute
    {
        UserPrincipalName,

        /// <summary>The on-premises sAMAccountName of a user synchronised from AD (users without one are passed over).</summary>
        OnPremisesSamAccountName,
    }

    /// <summary>
    /// Entra users as import rows: the user name by the chosen attribute; the phone for SMS and voice from the user's
    /// mobile phone authentication method, else mobilePhone, in E.164 (a number that is not one is left out, keeping the
    /// stored one); accountEnabled false imported disabled, and missing (unknown) leaving the stored value. A row writes
    /// only a new user or one of its own tenant (<see cref="UserRowClaim.OwnSource"/>), never another source's.
    /// </summary>
    public static class EntraUserRows
    {
        public static string? UserNameOf(EntraUser user, EntraUserNameAttribute attribute) =>
            attribute == EntraUserNameAttribute.OnPremisesSamAccountName ? Blank(user.OnPremisesSamAccountName) : Blank(user.UserPrincipalName);

        public static UserImportRow? ToRow(EntraUser user, string? phoneMethodNumber, EntraUserNameAttribute attribute, string tenantName)
        {
            var name = UserNameOf(user, attribute);
            if (name == null) return null;
            return new UserImportRow
            {
                UserName = name,
                DisplayName = Blank(user.DisplayName),
                Email = Blank(user.Mail),
                PhoneNumber = PhoneNumbers.ToE164(phoneMethodNumber) ?? PhoneNumbers.ToE164(user.MobilePhone),
                Enabled = user.AccountEnabled,
                SourceDirectory = tenantName,
                Claim = UserRowClaim.OwnSource,
            };
        }

        /// <summary>
        /// The AD-imported user who is this Entra user, by the on-premises names Entra Connect wrote (read-only in the cloud):
        /// the user name the AD import stored is the on-premises UPN or sAMAccountName. Only a user synchronised from AD (with
        /// an on-premises SID) whose on-premises domain is one of that directory's (<paramref name="domainsByDirectory"/>)
        /// matches: a cloud-only account, or one of another forest with the same sAMAccountName, is not that user.
        /// </summary>
        public static MfaUser? SameAsImportedFromAd(EntraUser user, IReadOnlyDictionary<string, MfaUser> adImported,
            IReadOnlyDictionary<string, IReadOnlyCollection<string>> domainsByDirectory)
        {
            var domain = Blank(user.OnPremisesDomainName)?.TrimEnd('.');
            if (Blank(user.OnPremisesSecurityIdentifier) == null || domain == null) return null;
            foreach (var name in new[] { user.OnPremisesUserPrincipalName, user.OnPremisesSamAccountName })
            {
                if (Blank(name) is string found && adImported.TryGetValue(found, out var match) && match.SourceDirectory != null
                    && domainsByDirectory.TryGetValue(match.SourceDirectory, out var domains) && domains.Contains(domain, StringComparer.OrdinalIgnoreCase))
                    return match;
            }
            return null;
        }

        private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
    }
}
