using System.Collections.Generic;

namespace RasMfa.Engine.Security
{
    internal enum AccessProblemKind
    {
        /// <summary>Owned by someone RasMfa does not trust; an owner can always change the permissions.</summary>
        UntrustedOwner,

        /// <summary>Someone else may change it (write, add or delete files, change permissions or owner).</summary>
        OthersMayWrite,

        /// <summary>Someone else may read it, where that matters (the store on Windows, the key file on Linux).</summary>
        OthersMayRead,

        /// <summary>Windows: an access entry of a kind RasMfa does not judge (conditional, object, compound).</summary>
        UnknownEntry,
    }

    /// <summary>One thing wrong with who owns or who may use a store file or folder, in words an administrator can act on.</summary>
    internal sealed class AccessProblem
    {
        public AccessProblem(string path, StoreItem item, AccessProblemKind kind, string description, string? principal = null, bool inherited = false)
        {
            Path = path;
            Item = item;
            Kind = kind;
            Description = description;
            Principal = principal;
            Inherited = inherited;
        }

        public string Path { get; }

        public StoreItem Item { get; }

        public AccessProblemKind Kind { get; }

        /// <summary>A full sentence naming the path, who, and what they may do.</summary>
        public string Description { get; }

        /// <summary>Who the problem is about: a SID (Windows), a user id or "Its group"/"Other users" (Linux).</summary>
        public string? Principal { get; }

        /// <summary>Windows: the entry came from the parent folder.</summary>
        public bool Inherited { get; }

        public override string ToString() => Description;

        /// <summary>
        /// True when the store folder itself has an owner RasMfa does not trust: most likely someone else made it
        /// before RasMfa ran, and whatever it holds (files, links) is theirs. It is moved aside, never taken over.
        /// </summary>
        public static bool FolderHasUntrustedOwner(IEnumerable<AccessProblem> problems)
        {
            foreach (var problem in problems)
                if (problem.Item == StoreItem.Folder && problem.Kind == AccessProblemKind.UntrustedOwner) return true;
            return false;
        }
    }
}
