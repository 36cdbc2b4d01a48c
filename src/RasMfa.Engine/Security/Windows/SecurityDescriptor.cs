using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace RasMfa.Engine.Security.Windows
{
    /// <summary>The owner and the access list (DACL) of one file or folder.</summary>
    internal sealed class SecurityDescriptor
    {
        public SecurityDescriptor(string? owner, bool isProtected, IReadOnlyList<AclEntry> entries)
        {
            Owner = owner;
            IsProtected = isProtected;
            Entries = entries;
        }

        /// <summary>The owner's SID, or null when it could not be read.</summary>
        public string? Owner { get; }

        /// <summary>Inheritance from the parent folder is off: only the entries listed here apply.</summary>
        public bool IsProtected { get; }

        public IReadOnlyList<AclEntry> Entries { get; }

        /// <summary>The SDDL text Windows shows for this owner and DACL, e.g. (Get-Acl ...).Sddl without its G: part.</summary>
        public string ToSddl()
        {
            var text = new StringBuilder();
            if (Owner != null) text.Append("O:").Append(WellKnownSids.SddlForm(Owner));
            text.Append("D:");
            if (IsProtected) text.Append('P');
            foreach (var entry in Entries)
            {
                text.Append('(').Append(!entry.Understood ? "0x" + entry.AceType.ToString("x", CultureInfo.InvariantCulture) : entry.Allows ? "A" : "D").Append(';');
                if (entry.InheritedByChildren) text.Append("OICI");
                if (entry.InheritOnly) text.Append("IO");
                if (entry.Inherited) text.Append("ID");
                text.Append(';').Append(entry.Rights == FileRights.FullControl ? "FA" : "0x" + entry.Rights.ToString("x", CultureInfo.InvariantCulture));
                text.Append(";;;").Append(WellKnownSids.SddlForm(entry.Sid)).Append(')');
            }
            return text.ToString();
        }
    }
}
