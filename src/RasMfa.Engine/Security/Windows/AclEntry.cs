namespace RasMfa.Engine.Security.Windows
{
    /// <summary>
    /// One access control entry of a file or folder, as RasMfa judges it: our own model, because
    /// System.Security.AccessControl throws on Linux and the decisions must be testable there.
    /// </summary>
    internal sealed class AclEntry
    {
        public AclEntry(string sid, bool allows, uint rights, bool inherited = false, bool inheritedByChildren = false, bool inheritOnly = false)
        {
            Sid = sid;
            Allows = allows;
            Rights = rights;
            Inherited = inherited;
            InheritedByChildren = inheritedByChildren;
            InheritOnly = inheritOnly;
        }

        public static AclEntry Allow(string sid, uint rights, bool inherited = false) => new AclEntry(sid, true, rights, inherited);

        public static AclEntry Deny(string sid, uint rights, bool inherited = false) => new AclEntry(sid, false, rights, inherited);

        /// <summary>The SID in S-1-... form.</summary>
        public string Sid { get; }

        /// <summary>False for a deny entry.</summary>
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
