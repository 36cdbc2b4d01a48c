using System;
using System.Text;

namespace RasMfa.Engine.Directories
{
    public enum BoundIdentityKind
    {
        /// <summary>No value, or "dn:" with nothing after it: the connection is not bound as anyone.</summary>
        Anonymous,

        /// <summary>"dn:" and a distinguished name (OpenLDAP).</summary>
        DistinguishedName,

        /// <summary>"u:" and a user id: DOMAIN\sAMAccountName from Active Directory and Samba.</summary>
        UserId,

        /// <summary>Anything else: not read as anyone, so never taken for an account.</summary>
        Unrecognised,
    }

    /// <summary>
    /// The answer to LDAP's "Who am I?" extended operation (RFC 4532): the authorization identity of the bound connection,
    /// "dn:" followed by a DN or "u:" followed by a user id (RFC 4513 5.2.1.8). Active Directory and Samba answer
    /// "u:NETBIOSDOMAIN\sAMAccountName". Only clean text is read; anything else is <see cref="BoundIdentityKind.Unrecognised"/>.
    /// </summary>
    public sealed class WhoAmI
    {
        public const string Oid = "1.3.6.1.4.1.4203.1.11.3";

        private WhoAmI(BoundIdentityKind kind, string? distinguishedName = null, string? domain = null, string? account = null)
        {
            Kind = kind;
            DistinguishedName = distinguishedName;
            Domain = domain;
            Account = account;
        }

        public BoundIdentityKind Kind { get; }

        public string? DistinguishedName { get; }

        /// <summary>The part before the backslash of a "u:" answer (AD: the NetBIOS domain name); null when there is none.</summary>
        public string? Domain { get; }

        /// <summary>The user id of a "u:" answer without its domain (AD: the sAMAccountName).</summary>
        public string? Account { get; }

        public static WhoAmI Parse(byte[]? value)
        {
            if (value == null || value.Length == 0) return new WhoAmI(BoundIdentityKind.Anonymous);
            var text = Radius.ReceivedText.DecodeUtf8(value);
            if (text == null) return new WhoAmI(BoundIdentityKind.Unrecognised);
            foreach (var c in text) if (char.IsControl(c)) return new WhoAmI(BoundIdentityKind.Unrecognised);
            if (text.StartsWith("dn:", StringComparison.OrdinalIgnoreCase))
            {
                var dn = text.Substring(3).Trim();
                return dn.Length == 0 ? new WhoAmI(BoundIdentityKind.Anonymous) : new WhoAmI(BoundIdentityKind.DistinguishedName, distinguishedName: dn);
            }
            if (!text.StartsWith("u:", StringComparison.OrdinalIgnoreCase)) return new WhoAmI(BoundIdentityKind.Unrecognised);
            var userId = text.Substring(2);
            int backslash = userId.IndexOf('\\');
            if (backslash < 0) return userId.Trim().Length == 0 || userId.Trim() != userId ? new WhoAmI(BoundIdentityKind.Unrecognised) : new WhoAmI(BoundIdentityKind.UserId, account: userId);
            var domain = userId.Substring(0, backslash);
            var account = userId.Substring(backslash + 1);
            // A sAMAccountName holds no backslash; a second one, or an empty side, is not an answer we can read.
            if (domain.Trim().Length == 0 || account.Trim().Length == 0 || account.IndexOf('\\') >= 0 || domain.Trim() != domain || account.Trim() != account)
                return new WhoAmI(BoundIdentityKind.Unrecognised);
            return new WhoAmI(BoundIdentityKind.UserId, domain: domain, account: account);
        }

        public static WhoAmI Parse(string value) => Parse(Encoding.UTF8.GetBytes(value));
    }
}
