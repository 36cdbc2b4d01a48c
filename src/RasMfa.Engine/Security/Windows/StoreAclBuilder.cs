using System;
using System.Collections.Generic;
using System.Linq;

namespace RasMfa.Engine.Security.Windows
{
    /// <summary>
    /// The permissions RasMfa gives the store folder on Windows: owned by Administrators (so that every administrator
    /// and the service accept it, whoever created it), full control for SYSTEM, Administrators and any service
    /// account SIDs given, inherited by every file created inside (database, -wal, -shm, entropy), and nothing from
    /// the parent folder (ProgramData lets every user read and create).
    /// </summary>
    internal sealed class StoreAclBuilder
    {
        private readonly List<string> _fullControl = new List<string> { WellKnownSids.System, WellKnownSids.Administrators };

        /// <param name="serviceSids">Accounts besides SYSTEM and Administrators that run RasMfa (a service's SID), in S-1-... form.</param>
        public StoreAclBuilder(IEnumerable<string>? serviceSids = null)
        {
            foreach (var sid in serviceSids ?? Enumerable.Empty<string>())
            {
                if (!WellKnownSids.IsSidString(sid)) throw new ArgumentException($"'{sid}' is not a SID in the form S-1-5-...", nameof(serviceSids));
                if (!_fullControl.Contains(sid, StringComparer.OrdinalIgnoreCase)) _fullControl.Add(sid.ToUpperInvariant());
            }
        }

        /// <summary>Who gets full control; also who the store trusts as owner or in an entry (with the current user).</summary>
        public IReadOnlyList<string> FullControlSids => _fullControl;

        public SecurityDescriptor BuildFolder() => new SecurityDescriptor(
            WellKnownSids.Administrators,
            isProtected: true,
            _fullControl.Select(sid => new AclEntry(sid, allows: true, FileRights.FullControl, inheritedByChildren: true)).ToList());
    }
}
