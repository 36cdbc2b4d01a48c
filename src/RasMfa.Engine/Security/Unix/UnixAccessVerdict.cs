using System.Collections.Generic;

namespace RasMfa.Engine.Security.Unix
{
    /// <summary>
    /// Decides whether a store file or folder on Linux is private enough: owned by the current user, root or the installed
    /// service's user, no group
    /// or others write bit on anything, and no group or others read bit on the key file or the machine-wide store setting (the database and its folder
    /// may stay readable: without the key the sealed secrets are noise, and 0755 folders are common).
    /// </summary>
    internal static class UnixAccessVerdict
    {
        private const int GroupRead = 0x20;   // 0o040
        private const int GroupWrite = 0x10;  // 0o020
        private const int OthersRead = 0x4;   // 0o004
        private const int OthersWrite = 0x2;  // 0o002

        /// <param name="serviceUid">The installed service's user (InstalledServiceUser), trusted as an owner as root is; null when none.</param>
        public static IReadOnlyList<AccessProblem> Judge(string path, StoreItem item, UnixFileStatus status, uint currentUid, uint? serviceUid = null)
        {
            var what = $"{path} ({Describe(item)}, mode {status.OctalMode})";
            var problems = new List<AccessProblem>();
            if (item != StoreItem.SqliteSideFile && status.OwnerUid == null)
                problems.Add(new AccessProblem(path, item, AccessProblemKind.UntrustedOwner,
                    $"{what} has an owner the system did not report, so RasMfa cannot tell that it is you (user id {currentUid}) or root; put the store on a local file system."));
            else if (item != StoreItem.SqliteSideFile && status.OwnerUid is uint owner && owner != currentUid && owner != 0 && owner != serviceUid)
                problems.Add(new AccessProblem(path, item, AccessProblemKind.UntrustedOwner,
                    $"{what} is owned by user id {owner}, not by you (user id {currentUid}) or root; its owner can change its permissions at any time.",
                    owner.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var writers = Who(status.Mode, GroupWrite, OthersWrite);
            if (writers != null)
                problems.Add(new AccessProblem(path, item, AccessProblemKind.OthersMayWrite, $"{writers} may change {what}.", writers));
            var readers = item == StoreItem.KeyFile || item == StoreItem.SharedStoreKey || item == StoreItem.StoreSetting ? Who(status.Mode, GroupRead, OthersRead) : null;
            if (readers != null)
                problems.Add(new AccessProblem(path, item, AccessProblemKind.OthersMayRead, $"{readers} may read {what}.", readers));
            return problems;
        }

        private static string? Who(int mode, int groupBit, int othersBit)
        {
            bool group = (mode & groupBit) != 0, others = (mode & othersBit) != 0;
            return group && others ? "Its group and other users" : group ? "Its group" : others ? "Other users" : null;
        }

        private static string Describe(StoreItem item) => item switch
        {
            StoreItem.Folder => "the store folder",
            StoreItem.KeyFile => "the key file",
            StoreItem.SharedStoreKey => "the shared store's key",
            StoreItem.StoreSetting => "the machine-wide store setting",
            StoreItem.SqliteSideFile => "SQLite's file beside the database",
            _ => "the database",
        };
    }
}
