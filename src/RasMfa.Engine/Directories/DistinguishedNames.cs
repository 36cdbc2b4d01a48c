using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace RasMfa.Engine.Directories
{
    /// <summary>
    /// A distinguished name read as its RDNs (RFC 4514), so that an escaped comma or quoted text inside a value never
    /// ends one: "CN=Smith\, DC=evil,OU=Staff,DC=corp,DC=example" lies in DC=corp,DC=example, not in a domain "evil".
    /// Only what is surely read is given; anything else is null, never a guess.
    /// </summary>
    public static class DistinguishedNames
    {
        /// <summary>The RDNs, first to last, each trimmed and still escaped; null when the text is not a DN that reads cleanly.</summary>
        public static IReadOnlyList<string>? Rdns(string distinguishedName)
        {
            var rdns = new List<string>();
            var current = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < distinguishedName.Length; i++)
            {
                char c = distinguishedName[i];
                if (c == '\\')
                {
                    // An escape takes the next character (or the first of two hex digits, which cannot be a separator).
                    if (i + 1 >= distinguishedName.Length) return null;
                    current.Append(c).Append(distinguishedName[++i]);
                    continue;
                }
                if (c == '"') quoted = !quoted;
                if ((c == ',' || c == ';') && !quoted)
                {
                    if (!Add(rdns, current)) return null;
                    continue;
                }
                current.Append(c);
            }
            if (quoted || !Add(rdns, current)) return null;
            return rdns;
        }

        /// <summary>Whether the text reads as a DN: RDNs of the form type=value, the first one at least.</summary>
        public static bool IsDistinguishedName(string text)
        {
            var rdns = Rdns(text);
            return rdns != null && rdns.All(rdn => AttributeType(rdn) != null);
        }

        /// <summary>
        /// The trailing DC= RDNs that name the domain ("DC=corp,DC=example"), as written, and their labels (corp, example);
        /// null when the DN does not read cleanly or ends in none. A label that is escaped, quoted or multi-valued is not read.
        /// </summary>
        public static (IReadOnlyList<string> Rdns, IReadOnlyList<string> Labels)? DomainComponents(string distinguishedName)
        {
            var rdns = Rdns(distinguishedName);
            if (rdns == null) return null;
            var parts = new List<string>();
            var labels = new List<string>();
            for (int i = rdns.Count - 1; i >= 0; i--)
            {
                var rdn = rdns[i];
                if (!string.Equals(AttributeType(rdn), "DC", StringComparison.OrdinalIgnoreCase)) break;
                var label = rdn.Substring(rdn.IndexOf('=') + 1).Trim();
                if (label.Length == 0 || label.IndexOfAny(new[] { '\\', '"', '+', '=' }) >= 0) return null;
                parts.Insert(0, rdn);
                labels.Insert(0, label);
            }
            return parts.Count == 0 ? null : (parts, labels);
        }

        private static bool Add(List<string> rdns, StringBuilder current)
        {
            var rdn = current.ToString().Trim();
            current.Clear();
            if (rdn.Length == 0) return false;
            rdns.Add(rdn);
            return true;
        }

        // The attribute type before the first '=' (a descriptor or a dotted OID); null when there is none.
        private static string? AttributeType(string rdn)
        {
            int equals = rdn.IndexOf('=');
            if (equals <= 0) return null;
            var type = rdn.Substring(0, equals).Trim();
            if (type.Length == 0) return null;
            foreach (var c in type)
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.')) return null;
            return type;
        }
    }
}
