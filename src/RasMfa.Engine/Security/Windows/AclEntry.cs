namespace RasMfa.Engine.Security.Windows
{
    /// <summary>
    /// One access control entry of a file or folder, as RasMfa judges it: our own model, because
    /// System.Security.AccessControl throws on Linux and the decisions must be testable there.
    /// </summary>
    internal sealed class AclEntry
    {
        public AclEntry(string sid, bool allows, uint rights, bool inherited = false, bool inheritedByChildren = false, bool inheritOnly = false)
            : this(allows ? RawAces.AccessAllowed : RawAces.AccessDenied, sid, rights, inherited, inheritedByChildren, inheritOnly)
        {
        }

        /// <param name="aceType">The ACE type octet as Windows stores it; only access-allowed (0) and access-denied (1) are understood.</param>
        public AclEntry(int aceType, string sid, uint rights, bool inherited, bool inheritedByChildren, bool inheritOnly)
        {
            AceType = aceType;
            Sid = sid;
            Allows = aceType == RawAces.AccessAllowed;
            Rights = rights;
            Inherited = inherited;
            InheritedByChildren = inheritedByChildren;
            InheritOnly = inheritOnly;
        }

        public static AclEntry Allow(string sid, uint rights, bool inherited = false) => new AclEntry(sid, true, rights, inherited);

        public static AclEntry Deny(string sid, uint rights, bool inherited = false) => new AclEntry(sid, false, rights, inherited);

        /// <summary>The ACE type octet (ACCESS_ALLOWED_ACE_TYPE 0, ACCESS_DENIED_ACE_TYPE 1, callback, object ...).</summary>
        public int AceType { get; }

        /// <summary>
        /// An access-allowed or access-denied entry, the only kinds RasMfa judges. Any other (conditional or callback,
        /// object, compound) grants on conditions RasMfa does not evaluate, so it is refused rather than skipped.
        /// </summary>
        public bool Understood => AceType == RawAces.AccessAllowed || AceType == RawAces.AccessDenied;

        /// <summary>The SID in S-1-... form; empty when the entry names none RasMfa can read.</summary>
        public string Sid { get; }

        /// <summary>True only for an understood access-allowed entry.</summary>
        public bool Allows { get; }

        /// <summary>The access mask (see <see cref="FileRights"/>).</summary>
        public uint Rights { get; }

        /// <summary>Came from the parent folder rather than being set on this one.</summary>
        public bool Inherited { get; }

        /// <summary>Passed on to the files and folders created inside (object and container inherit).</summary>
        public bool InheritedByChildren { get; }

        /// <summary>Applies only to what is created inside, not to this folder itself.</summary>
        public bool InheritOnly { get; }
    }
}
