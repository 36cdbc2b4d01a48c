using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Security
{
    /// <summary>
    /// The keys of shared stores as this server keeps them, one file per store in a folder the caller names
    /// (rasmfa-store-&lt;store id&gt;.key): on Windows sealed with DPAPI's machine scope (so the service and every
    /// administrator of this server can open it, and no other machine), elsewhere the key itself in a file only its owner
    /// may read. Either way the folder and file must be private: DPAPI's machine scope opens for any local account that
    /// can read the file. Written whole or not at all (<see cref="PrivateFiles"/>); joining again replaces the file, keeping the key it replaces as a retired one.
    /// </summary>
    public sealed class LocalStoreKeys
    {
        private const byte PlainKeyFormat = 1;
        private const byte DpapiMachineFormat = 2;
        private readonly string _folder;
        private readonly IStorePlatform _platform;

        public LocalStoreKeys(string folder) : this(folder, StorePlatforms.ForThisMachine())
        {
        }

        internal LocalStoreKeys(string folder, IStorePlatform platform)
        {
            _folder = Path.GetFullPath(folder);
            _platform = platform;
        }

        /// <summary>Where the key of <paramref name="storeId"/> is kept on this server.</summary>
        public string PathOf(string storeId)
        {
            StoreIds.Check(storeId);
            return Path.Combine(_folder, "rasmfa-store-" + storeId + ".key");
        }

        /// <summary>True when this server has joined <paramref name="storeId"/> (its key file exists; whether it opens is <see cref="Load"/>'s to say).</summary>
        public bool Has(string storeId) => File.Exists(PathOf(storeId));

        /// <summary>Keeps <paramref name="storeKey"/> for <paramref name="storeId"/>, replacing a key kept before (a join after the key was rotated).</summary>
        public void Save(string storeId, byte[] storeKey) => SaveAt(PathOf(storeId), storeId, storeKey);

        /// <summary>
        /// Keeps <paramref name="storeKey"/> for <paramref name="storeId"/> as the current key, and the key it replaces (if
        /// it can be read) among the retired ones, named by a hash of it, as a rotation does: a join to a copy of the store
        /// (same id, another key) must not take from this server the key the original still needs.
        /// </summary>
        internal void SaveKeepingReplaced(string storeId, byte[] storeKey)
        {
            if (!Has(storeId))
            {
                Save(storeId, storeKey);
                return;
            }
            PromotePending(storeId, SavePending(storeId, storeKey));
        }

        /// <summary>
        /// Keeps a rotation's new key beside the current one, which it does not replace yet, in a file of that rotation's own
        /// (two rotations at once must not overwrite each other's key); returns its path, for <see cref="PromotePending"/>.
        /// A crash between the store's commit and the promotion leaves the new key there, and the next open finds it.
        /// </summary>
        internal string SavePending(string storeId, byte[] storeKey)
        {
            var path = PathOf(storeId) + PendingMark + Guid.NewGuid().ToString("N");
            SaveAt(path, storeId, storeKey);
            return path;
        }

        /// <summary>True when a rotation left a new key beside the current one (it may or may not have been committed).</summary>
        internal bool HasPending(string storeId) => PendingPaths(storeId).Count > 0;

        /// <summary>
        /// The files in which rotations left new keys (committed or not; at most one of them opens the store), and the
        /// single pending file of RasMfa versions before these had names of their own.
        /// </summary>
        internal IReadOnlyList<string> PendingPaths(string storeId)
        {
            var found = Suffixed(storeId, PendingMark, 32);
            var legacy = PathOf(storeId) + ".pending";
            if (File.Exists(legacy)) found.Add(legacy);
            return found;
        }

        /// <summary>
        /// Makes the pending key in <paramref name="pendingPath"/> the current one, in one rename (the caller has seen the
        /// store commit it). Nothing to do when another process promoted it first.
        /// </summary>
        internal void PromotePending(string storeId, string pendingPath)
        {
            var pending = pendingPath;
            var path = PathOf(storeId);
            Guarded(path, () =>
            {
                RefuseUnlessPrivate(path);
                if (File.Exists(pending)) RefuseUnlessPrivate(pending);
                try
                {
                    if (File.Exists(path)) File.Replace(pending, path, RetiredPathFor(storeId, path));
                    else File.Move(pending, path);
                }
                catch (FileNotFoundException) when (!File.Exists(pending))
                {
                    // Promoted by another process (an open that found the rotation's key pending).
                }
                return true;
            });
        }

        private const string PendingMark = ".pending.";
        private const string RetiredMark = ".retired.";
        private const int RetiredTagLength = 16;

        /// <summary>
        /// The keys a rotation here replaced, each in a file named by the store's id and a hash of the key. A copy of the
        /// store's database (a restored backup, a test database made from it) has the same id: rotating the copy's key must
        /// not take from this server the key the original still needs, which <c>PostgreSqlStoreKey.LoadProved</c> finds here.
        /// </summary>
        internal IReadOnlyList<string> RetiredPaths(string storeId) => Suffixed(storeId, RetiredMark, RetiredTagLength);

        /// <summary>A key kept in <paramref name="path"/> (pending or retired), read as the current one is.</summary>
        internal byte[] LoadAt(string storeId, string path) => LoadFrom(path, storeId);

        // Where the key about to be replaced is kept; null when it cannot be read (nothing opens with it) or is kept already.
        private string? RetiredPathFor(string storeId, string path)
        {
            byte[] key;
            try
            {
                key = LoadFrom(path, storeId);
            }
            catch (StoreKeyException)
            {
                return null;
            }
            string tag;
            using (var sha = SHA256.Create())
            {
                // A hash of a random 256-bit key tells nothing of it; it only tells two keys apart.
                var hash = sha.ComputeHash(Encoding.UTF8.GetBytes("RasMfa retired store key file name").Concat(key).ToArray());
                tag = BitConverter.ToString(hash, 0, RetiredTagLength / 2).Replace("-", "").ToLowerInvariant();
            }
            Array.Clear(key, 0, key.Length);
            var retired = path + RetiredMark + tag;
            return File.Exists(retired) ? null : retired;
        }

        private List<string> Suffixed(string storeId, string mark, int hexDigits)
        {
            var prefix = Path.GetFileName(PathOf(storeId)) + mark;
            var found = new List<string>();
            if (!Directory.Exists(_folder)) return found;
            foreach (var candidate in Directory.EnumerateFiles(_folder, prefix + "*"))
            {
                var name = Path.GetFileName(candidate);
                if (name.Length == prefix.Length + hexDigits && name.StartsWith(prefix, StringComparison.Ordinal) && IsHex(name.Substring(prefix.Length)))
                    found.Add(candidate);
            }
            found.Sort(StringComparer.Ordinal);
            return found;
        }

        private static bool IsHex(string text)
        {
            foreach (var c in text)
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
            return true;
        }

        private void SaveAt(string path, string storeId, byte[] storeKey)
        {
            if (storeKey == null) throw new ArgumentNullException(nameof(storeKey));
            if (storeKey.Length != AesGcmLayout.KeyLength) throw new ArgumentException($"A store key is {AesGcmLayout.KeyLength} octets.", nameof(storeKey));
            Guarded(path, () =>
            {
                if (!Directory.Exists(_folder))
                {
                    var parent = Path.GetDirectoryName(_folder);
                    if (parent != null) Directory.CreateDirectory(parent);
                    _platform.CreatePrivateFolder(_folder);
                }
                RefuseUnlessPrivate(path);
                PrivateFiles.RemoveStaleTemporaries(path, DateTime.UtcNow);
                var content = _platform.SealsWithDpapi
                    ? WithFormat(DpapiMachineFormat, _platform.ProtectWithDpapi(storeKey, Entropy(storeId)))
                    : WithFormat(PlainKeyFormat, storeKey);
                PrivateFiles.TryWrite(path, content, _platform, replace: true);
                return true;
            });
        }

        /// <summary>The key of <paramref name="storeId"/>, or a StoreKeyException: not joined, not private, or unreadable here.</summary>
        public byte[] Load(string storeId) => LoadFrom(PathOf(storeId), storeId);

        private byte[] LoadFrom(string path, string storeId)
        {
            return Guarded(path, () =>
            {
                if (!File.Exists(path))
                    throw new StoreKeyException(EngineErrorKind.NotFound, StoreKeyException.NotJoinedId,
                        $"This server has not joined the shared store '{storeId}': it has no key for it ({path} does not exist), so it cannot open " +
                        $"the store's secrets. Run {StoreKeyException.JoinCommand} on this server with the store's passphrase.", target: path);
                RefuseUnlessPrivate(path);
                var content = File.ReadAllBytes(path);
                var format = _platform.SealsWithDpapi ? DpapiMachineFormat : PlainKeyFormat;
                if (content.Length < 2 || content[0] != format)
                    throw Unreadable(storeId, path, content.Length < 2 ? "it is empty or cut short" : $"it is of format {content[0]}, not the one this system writes ({format})");
                var payload = new byte[content.Length - 1];
                Buffer.BlockCopy(content, 1, payload, 0, payload.Length);
                byte[] key;
                try
                {
                    key = format == DpapiMachineFormat ? _platform.UnprotectWithDpapi(payload, Entropy(storeId)) : payload;
                }
                catch (CryptographicException e)
                {
                    throw Unreadable(storeId, path, "DPAPI cannot open it: it was sealed on another machine or for another store, or it is damaged", e);
                }
                if (key.Length != AesGcmLayout.KeyLength) throw Unreadable(storeId, path, $"it holds {key.Length} octets, not a {AesGcmLayout.KeyLength}-octet key");
                return key;
            });
        }

        // DPAPI's machine key opens any machine-scope blob; the entropy ties this one to its store and to RasMfa, so a
        // key file renamed to another store's name, or another program's machine-scope blob, does not open as a store key.
        private static byte[] Entropy(string storeId) => Encoding.UTF8.GetBytes("RasMfa shared store key " + storeId);

        private static byte[] WithFormat(byte format, byte[] payload)
        {
            var content = new byte[payload.Length + 1];
            content[0] = format;
            Buffer.BlockCopy(payload, 0, content, 1, payload.Length);
            return content;
        }

        // Refused as the store itself is (Storage/StoreFolderGuard): a link, or a folder or file others may read or change.
        private void RefuseUnlessPrivate(string path)
        {
            foreach (FileSystemInfo entry in new FileSystemInfo[] { new DirectoryInfo(_folder), new FileInfo(path) })
            {
                if (IsLink(entry))
                    throw new StoreKeyException(EngineErrorKind.Insecure, StoreKeyException.NotPrivateId,
                        $"{entry.FullName} is a link (symbolic link or junction), which whoever made it can point elsewhere: RasMfa keeps the shared store's key only in real folders and files. Remove the link.",
                        target: entry.FullName);
            }
            var problems = new List<AccessProblem>(_platform.FindAccessProblems(_folder, StoreItem.Folder));
            if (File.Exists(path)) problems.AddRange(_platform.FindAccessProblems(path, StoreItem.SharedStoreKey));
            if (problems.Count == 0) return;
            var text = new StringBuilder($"The shared store's key in {_folder} is not private, so RasMfa will not use it:");
            foreach (var problem in problems) text.AppendLine().Append("  - ").Append(problem.Description);
            var files = File.Exists(path) ? new[] { path } : Array.Empty<string>();
            var commands = _platform.FixCommands(_folder, files, problems);
            if (commands.Count > 0)
            {
                text.AppendLine().Append("To make it private, run as an administrator (an elevated PowerShell on Windows; the owner or root elsewhere):");
                foreach (var command in commands) text.AppendLine().Append("    ").Append(command);
            }
            text.AppendLine().Append($"Anyone who could read it may have the store's key: if so, rotate the store's key, and run {StoreKeyException.JoinCommand} again on every server.");
            throw new StoreKeyException(EngineErrorKind.Insecure, StoreKeyException.NotPrivateId, text.ToString(), target: path);
        }

        private static bool IsLink(FileSystemInfo entry) => entry.Exists && (entry.Attributes & FileAttributes.ReparsePoint) != 0;

        private static StoreKeyException Unreadable(string storeId, string path, string why, Exception? inner = null) =>
            new StoreKeyException(EngineErrorKind.Unreadable, StoreKeyException.LocalKeyUnreadableId,
                $"This server's key for the shared store '{storeId}' ({path}) cannot be read: {why}. Run {StoreKeyException.JoinCommand} on this server again " +
                "with the store's passphrase; it replaces the file.", inner, path);

        // The platform says "not allowed" and "cannot check the owner" in its own exceptions; the admin gets them with an id.
        private static T Guarded<T>(string path, Func<T> action)
        {
            try
            {
                return action();
            }
            catch (UnauthorizedAccessException e)
            {
                throw new StoreKeyException(EngineErrorKind.AccessDenied, StoreKeyException.AccessDeniedId, e.Message, e, path);
            }
            catch (PlatformNotSupportedException e)
            {
                throw new StoreKeyException(EngineErrorKind.Insecure, StoreKeyException.NotPrivateId, e.Message, e, path);
            }
        }
    }
}
