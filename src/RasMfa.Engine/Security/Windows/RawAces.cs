using System.Collections.Generic;

namespace RasMfa.Engine.Security.Windows
{
    /// <summary>
    /// Turns the access control entries of a DACL, as Windows stores them (type, flags, mask, SID), into the model
    /// <see cref="WindowsAccessVerdict"/> judges. Every entry is kept, whatever its type: .NET's GetAccessRules skips
    /// callback (conditional) and object entries, which would let such an entry grant access unseen.
    /// </summary>
    internal static class RawAces
    {
        public const int AccessAllowed = 0;   // ACCESS_ALLOWED_ACE_TYPE
        public const int AccessDenied = 1;    // ACCESS_DENIED_ACE_TYPE
        public const int ObjectInherit = 0x1;
        public const int ContainerInherit = 0x2;
        public const int InheritOnly = 0x8;
        public const int Inherited = 0x10;

        /// <param name="dacl">The entries in order; null for a NULL DACL, which lets everyone do everything.</param>
        /// <param name="onFolder">False for a file, where inherit-only entries apply to nothing and are left out.</param>
        public static IReadOnlyList<AclEntry> ToEntries(IEnumerable<(int Type, int Flags, uint Mask, string? Sid)>? dacl, bool onFolder)
        {
            var entries = new List<AclEntry>();
            if (dacl == null)
            {
                entries.Add(new AclEntry(WellKnownSids.Everyone, true, FileRights.FullControl));
                return entries;
            }
            foreach (var (type, flags, mask, sid) in dacl)
            {
                bool inheritOnly = (flags & InheritOnly) != 0;
                if (!onFolder && inheritOnly) continue;
                entries.Add(new AclEntry(type, sid ?? "", mask, (flags & Inherited) != 0, (flags & (ObjectInherit | ContainerInherit)) != 0, inheritOnly));
            }
            return entries;
        }

        /// <summary>Words for an ACE type RasMfa does not judge.</summary>
        public static string Describe(int aceType) => aceType switch
        {
            4 => "a compound entry",
            5 or 6 => "an object entry",
            >= 9 and <= 12 => "a conditional (callback) entry",
            _ => $"an entry of type {aceType}",
        };
    }
}
