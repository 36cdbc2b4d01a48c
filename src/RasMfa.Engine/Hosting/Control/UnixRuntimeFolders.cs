using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>
    /// Where control sockets live on Linux and macOS: /run/rasmfa for root (or for a service whose manager made it for its
    /// account), else $XDG_RUNTIME_DIR/rasmfa, else /tmp/rasmfa-&lt;uid&gt;. A folder is used only when it is a real folder
    /// (not a link), owned by the account that should own it, and writable by no one else: a folder someone else made first
    /// is never used, so no one can plant or swap a socket a client would trust.
    /// </summary>
    internal sealed class UnixRuntimeFolders
    {
        public const string SystemFolder = "/run/rasmfa";
        private const int GroupOrOthersWrite = 0x12;  // 0o022
        private const int GroupOrOthersAny = 0x3F;    // 0o077
        private const uint OwnerOnlyFolder = 0x1C0;   // 0o700
        private readonly uint _uid;
        private readonly string? _xdgRuntimeDir;
        private readonly Func<string, FolderFacts?> _inspect;
        private readonly Func<string, bool> _createPrivate;
        private readonly Func<string, IEnumerable<string>> _listFolders;

        /// <param name="inspect">What a path is (null when missing); never follows a link.</param>
        /// <param name="createPrivate">mkdir 0700; false when it already existed.</param>
        /// <param name="listFolders">The folders in a folder, for root's look into other accounts' places.</param>
        public UnixRuntimeFolders(uint uid, string? xdgRuntimeDir, Func<string, FolderFacts?> inspect, Func<string, bool> createPrivate,
            Func<string, IEnumerable<string>> listFolders)
        {
            _uid = uid;
            _xdgRuntimeDir = string.IsNullOrEmpty(xdgRuntimeDir) || !xdgRuntimeDir!.StartsWith("/", StringComparison.Ordinal) ? null : xdgRuntimeDir;
            _inspect = inspect;
            _createPrivate = createPrivate;
            _listFolders = listFolders;
        }

        public static UnixRuntimeFolders ForThisProcess() => new UnixRuntimeFolders(UnixNative.EffectiveUserId(), Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR"),
            FolderFacts.Read, path => UnixNative.CreateDirectory(path, OwnerOnlyFolder),
            path => Directory.Exists(path) ? Directory.EnumerateDirectories(path) : Enumerable.Empty<string>());

        private string UserTempFolder(uint uid) => "/tmp/rasmfa-" + uid.ToString(CultureInfo.InvariantCulture);

        /// <summary>The folder this process's listener puts its socket in, created if needed.</summary>
        /// <exception cref="IOException">No folder qualifies; the message says which were refused and why.</exception>
        public string ForListener()
        {
            var refused = new List<string>();
            if (_uid == 0 && Usable(SystemFolder, create: true, owners: new uint[] { 0 }, ownerOnly: false, refused)) return SystemFolder;
            // A service account's folder that its manager made (systemd's RuntimeDirectory=rasmfa).
            if (_uid != 0 && _inspect(SystemFolder) is FolderFacts made && made.Owner == _uid && Usable(SystemFolder, false, new[] { _uid }, false, refused)) return SystemFolder;
            if (_xdgRuntimeDir != null && Usable(_xdgRuntimeDir, false, new[] { _uid }, false, refused))
            {
                var folder = _xdgRuntimeDir.TrimEnd('/') + "/rasmfa";
                if (Usable(folder, true, new[] { _uid }, false, refused)) return folder;
            }
            var temp = UserTempFolder(_uid);
            if (Usable(temp, true, new[] { _uid }, ownerOnly: true, refused)) return temp;
            throw new IOException("No private folder for the control socket: " + string.Join(" ", refused));
        }

        /// <summary>The folders a client looks in: its own places, the system's, and for root every account's.</summary>
        public IReadOnlyList<string> ToSearch()
        {
            var found = new List<string>();
            var ignored = new List<string>();
            void Consider(string folder, uint[] owners, bool ownerOnly)
            {
                if (!found.Contains(folder) && _inspect(folder) != null && Usable(folder, false, owners, ownerOnly, ignored)) found.Add(folder);
            }
            // /run is root's: whoever owns /run/rasmfa was given it by root (a service's account).
            if (_inspect("/run") is FolderFacts run && run.Owner == 0 && (run.Mode & GroupOrOthersWrite) == 0 && _inspect(SystemFolder) is FolderFacts system && system.Owner is uint systemOwner)
                Consider(SystemFolder, new[] { systemOwner }, false);
            if (_xdgRuntimeDir != null) Consider(_xdgRuntimeDir.TrimEnd('/') + "/rasmfa", new[] { _uid }, false);
            Consider(UserTempFolder(_uid), new[] { _uid }, true);
            if (_uid == 0)
            {
                // Root sees every account's listeners, each in a folder that account owns (its name says which).
                foreach (var folder in SafeList("/tmp").Where(f => Path.GetFileName(f).StartsWith("rasmfa-", StringComparison.Ordinal)))
                    if (uint.TryParse(Path.GetFileName(folder).Substring("rasmfa-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var owner))
                        Consider(folder, new[] { owner }, true);
                foreach (var user in SafeList("/run/user"))
                    if (uint.TryParse(Path.GetFileName(user), NumberStyles.None, CultureInfo.InvariantCulture, out var owner))
                        Consider(user + "/rasmfa", new[] { owner }, false);
            }
            return found;
        }

        private IEnumerable<string> SafeList(string folder)
        {
            try
            {
                return _listFolders(folder).ToList();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return Enumerable.Empty<string>();
            }
        }

        private bool Usable(string folder, bool create, uint[] owners, bool ownerOnly, List<string> refused)
        {
            try
            {
                if (create && _inspect(folder) == null) _createPrivate(folder);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                refused.Add($"{folder} cannot be created ({e.Message}).");
                return false;
            }
            var facts = _inspect(folder);
            if (facts is not FolderFacts f) return false;
            string? why = !f.IsDirectory || f.IsLink ? "is not a folder (or is a link)"
                : f.Owner is not uint owner || !owners.Contains(owner) ? $"is owned by user id {f.Owner?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}, not {string.Join(" or ", owners)}"
                : (f.Mode & (ownerOnly ? GroupOrOthersAny : GroupOrOthersWrite)) != 0 ? $"has mode {Convert.ToString(f.Mode & 0x1FF, 8)}, open to others"
                : null;
            if (why == null) return true;
            refused.Add($"{folder} {why}.");
            return false;
        }
    }

    /// <summary>What a path is, read without following a link.</summary>
    internal readonly struct FolderFacts
    {
        public FolderFacts(bool isDirectory, bool isLink, int mode, uint? owner)
        {
            IsDirectory = isDirectory;
            IsLink = isLink;
            Mode = mode;
            Owner = owner;
        }

        public bool IsDirectory { get; }
        public bool IsLink { get; }
        public int Mode { get; }
        public uint? Owner { get; }

        public static FolderFacts? Read(string path)
        {
            FileAttributes attributes;
            try
            {
                attributes = File.GetAttributes(path);
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
            {
                return null;
            }
            var status = UnixNative.Status(path);
            return new FolderFacts((attributes & FileAttributes.Directory) != 0, (attributes & FileAttributes.ReparsePoint) != 0, status.Mode, status.OwnerUid);
        }
    }
}
