// .NET 8+ only: they set Unix file modes with .NET's API, which .NET Framework (Windows PowerShell, Windows only) lacks.
#if NET
using System;
using System.IO;
using System.Linq;
using System.Text;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Security;
using RasMfa.Engine.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>The store on this (Linux) machine: owner-only modes, refusals with the command that fixes them, and a lost key file.</summary>
    public sealed class StoreProtectionTests : IDisposable
    {
        private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        private readonly string _parent = Path.Combine(Path.GetTempPath(), "rasmfa-protection-" + Guid.NewGuid().ToString("N"));

        private string Folder => Path.Combine(_parent, "store");
        private string DatabasePath => Path.Combine(Folder, "rasmfa.db");
        private string KeyPath => Path.Combine(Folder, SecretProtectors.KeyFileName);

        private static RadiusClientDefinition Client(string name, string address) =>
            new RadiusClientDefinition(name, IpNetwork.Parse(address), Encoding.UTF8.GetBytes("a-shared-secret-for-tests"));

        private static bool RunningAsRoot => RasMfa.Engine.Security.Platform.UnixNative.EffectiveUserId() == 0;

        [Fact]
        public void A_new_store_folder_is_0700_and_the_database_its_wal_and_shm_and_the_key_are_0600()
        {
            if (OperatingSystem.IsWindows()) return;
            using var store = new SqliteStore(DatabasePath);
            store.Clients.Add(Client("a", "10.0.0.1")); // the connection pool keeps -wal and -shm open

            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(Folder));
            var files = Directory.GetFiles(Folder).Select(Path.GetFileName).OrderBy(n => n).ToArray();
            Assert.Equal(new[] { "rasmfa.db", "rasmfa.db-shm", "rasmfa.db-wal", "rasmfa.key" }, files);
            foreach (var file in Directory.GetFiles(Folder)) Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(file));
            Assert.Equal(SecretProtectors.KeyMaterialLength, new FileInfo(KeyPath).Length);
        }

        [Fact]
        public void A_store_folder_made_group_writable_is_refused_with_the_chmod_that_fixes_it()
        {
            if (OperatingSystem.IsWindows()) return;
            new SqliteStore(DatabasePath).Dispose();
            File.SetUnixFileMode(Folder, OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute);

            var error = Assert.Throws<StoreException>(() => new SqliteStore(DatabasePath));

            Assert.Equal(StoreErrorKind.Insecure, error.Kind);
            Assert.Equal("StoreNotPrivate", error.ErrorId);
            Assert.Contains($"Its group may change {Folder} (the store folder, mode 0770).", error.Message);
            Assert.Contains($"chmod 700 '{Folder}'", error.Message);
            File.SetUnixFileMode(Folder, OwnerOnlyFolder); // the command in the message is the fix
            new SqliteStore(DatabasePath).Dispose();
        }

        [Fact]
        public void A_database_others_can_write_and_a_key_others_can_read_are_refused_with_chmod_600()
        {
            if (OperatingSystem.IsWindows()) return;
            new SqliteStore(DatabasePath).Dispose();
            File.SetUnixFileMode(DatabasePath, OwnerOnlyFile | UnixFileMode.OtherWrite);
            File.SetUnixFileMode(KeyPath, OwnerOnlyFile | UnixFileMode.OtherRead);

            var error = Assert.Throws<StoreException>(() => new SqliteStore(DatabasePath));

            Assert.Contains($"Other users may change {DatabasePath} (the database, mode 0602).", error.Message);
            Assert.Contains($"Other users may read {KeyPath} (the key file, mode 0604).", error.Message);
            Assert.Contains($"chmod 600 '{DatabasePath}'", error.Message);
            Assert.Contains($"chmod 600 '{KeyPath}'", error.Message);
        }

        [Fact]
        public void A_store_folder_owned_by_another_user_is_refused_and_moved_aside_not_taken_over()
        {
            if (OperatingSystem.IsWindows() || !RunningAsRoot) return; // only root can give a folder away
            Directory.CreateDirectory(Folder);
            File.SetUnixFileMode(Folder, OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            Assert.Equal(0, Chown(Folder, 65534)); // nobody

            var error = Assert.Throws<StoreException>(() => new SqliteStore(DatabasePath));

            Assert.Contains($"{Folder} (the store folder, mode 0755) is owned by user id 65534, not by you (user id 0) or root", error.Message);
            Assert.Contains($"mv -- '{Folder}' '{Folder}.untrusted'", error.Message);
            Assert.Contains("do not take it over", error.Message);
            Assert.DoesNotContain("chown", error.Message);
            Assert.False(File.Exists(DatabasePath)); // nothing was written into it
        }

        [Fact]
        public void A_database_in_a_shared_sticky_folder_is_refused_and_pointed_at_a_folder_of_its_own()
        {
            if (OperatingSystem.IsWindows()) return;
            Directory.CreateDirectory(Folder);
            File.SetUnixFileMode(Folder, (UnixFileMode)0x3FF); // 1777, like /tmp

            var error = Assert.Throws<StoreException>(() => new SqliteStore(DatabasePath));

            Assert.Contains("is shared by design", error.Message);
            Assert.Contains("set RASMFA_DATABASE to a path in a folder of its own", error.Message);
            Assert.DoesNotContain("chmod", error.Message); // never advise locking down a shared folder
            Assert.False(File.Exists(DatabasePath));
        }

        [Fact]
        public void A_folder_the_admin_made_private_beforehand_is_used_as_it_is()
        {
            if (OperatingSystem.IsWindows()) return;
            var mode = OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute; // 0750
            Directory.CreateDirectory(Folder, mode);

            using (var store = new SqliteStore(DatabasePath)) store.Clients.Add(Client("a", "10.0.0.1"));

            Assert.Equal(mode, File.GetUnixFileMode(Folder));
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(DatabasePath));
        }

        [Fact]
        public void A_deleted_key_file_with_sealed_secrets_is_refused_and_not_replaced_and_restoring_it_opens_the_store()
        {
            if (OperatingSystem.IsWindows()) return;
            using (var store = new SqliteStore(DatabasePath)) store.Clients.Add(Client("a", "10.0.0.1"));
            var backup = Path.Combine(_parent, "rasmfa.key.backup");
            File.Copy(KeyPath, backup);
            File.Delete(KeyPath);

            var error = Assert.Throws<StoreException>(() => new SqliteStore(DatabasePath));

            Assert.Equal(StoreErrorKind.Unreadable, error.Kind);
            Assert.Equal("StoreKeyMissing", error.ErrorId);
            Assert.Contains($"holds 1 secret(s) sealed with {KeyPath}, and that file is missing", error.Message);
            Assert.Contains("Restore rasmfa.key", error.Message);
            Assert.False(File.Exists(KeyPath)); // no new key that could never unseal the secret
            Assert.Empty(Directory.GetFiles(Folder, "rasmfa.key*"));

            File.Copy(backup, KeyPath);
            File.SetUnixFileMode(KeyPath, OwnerOnlyFile);
            using var restored = new SqliteStore(DatabasePath);
            Assert.Equal("a-shared-secret-for-tests", Encoding.UTF8.GetString(restored.Clients.Get("a")!.SharedSecret!));
        }

        [Fact]
        public void A_deleted_key_file_is_made_again_while_nothing_is_sealed_with_it()
        {
            if (OperatingSystem.IsWindows()) return;
            using (var store = new SqliteStore(DatabasePath)) store.Users.Add(new RasMfa.Engine.Users.MfaUser("alice"));
            var first = File.ReadAllBytes(KeyPath);
            File.Delete(KeyPath);

            using var reopened = new SqliteStore(DatabasePath);

            Assert.NotNull(reopened.Users.Get("alice"));
            Assert.NotEqual(first, File.ReadAllBytes(KeyPath));
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(KeyPath));
        }

        [Fact]
        public void A_store_folder_or_key_file_that_is_a_symbolic_link_is_refused_even_to_a_private_target()
        {
            if (OperatingSystem.IsWindows()) return;
            var target = Path.Combine(_parent, "elsewhere");
            new SqliteStore(Path.Combine(target, "rasmfa.db")).Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.CreateSymbolicLink(Folder, target);
            var folderLink = Assert.Throws<StoreException>(() => new SqliteStore(DatabasePath));
            Assert.Equal("StoreNotPrivate", folderLink.ErrorId);
            Assert.Contains("is a link", folderLink.Message);

            Directory.Delete(Folder);
            new SqliteStore(DatabasePath).Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(KeyPath);
            File.CreateSymbolicLink(KeyPath, Path.Combine(target, SecretProtectors.KeyFileName));
            var keyLink = Assert.Throws<StoreException>(() => new SqliteStore(DatabasePath));
            Assert.Contains(KeyPath + " is a link", keyLink.Message);
        }

        [Fact]
        public void A_c_library_without_statx_refuses_the_store_rather_than_checking_modes_only()
        {
            if (OperatingSystem.IsWindows()) return;
            var noStatx = new RasMfa.Engine.Security.Platform.UnixStorePlatform(_ => throw new EntryPointNotFoundException("statx"));

            var error = Assert.Throws<StoreException>(() => new SqliteStore(DatabasePath, noStatx));

            Assert.Equal(StoreErrorKind.Insecure, error.Kind);
            Assert.Equal("StoreOwnerUnknown", error.ErrorId);
            Assert.Contains("cannot tell who owns", error.Message);
            Assert.Contains("glibc 2.28", error.Message);
            Assert.False(File.Exists(DatabasePath));
        }

        [Fact]
        public void A_key_file_of_the_wrong_length_is_refused()
        {
            if (OperatingSystem.IsWindows()) return;
            new SqliteStore(DatabasePath).Dispose();
            File.WriteAllBytes(KeyPath, new byte[16]);

            Assert.Equal("StoreKeyDamaged", Assert.Throws<StoreException>(() => new SqliteStore(DatabasePath)).ErrorId);
        }

        [Fact]
        public void Key_material_a_crashed_open_left_in_a_temporary_file_is_removed_at_the_next_open_and_nothing_else_is()
        {
            if (OperatingSystem.IsWindows()) return;
            new SqliteStore(DatabasePath).Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var hourAgo = DateTime.UtcNow.AddHours(-1);
            string Planted(string name, bool old = true)
            {
                var path = Path.Combine(Folder, name);
                File.WriteAllBytes(path, new byte[SecretProtectors.KeyMaterialLength]);
                if (old) File.SetLastWriteTimeUtc(path, hourAgo);
                return path;
            }
            var stale = Planted($"rasmfa.key.{Guid.NewGuid():N}.tmp");
            var inProgress = Planted($"rasmfa.key.{Guid.NewGuid():N}.tmp", old: false); // another process creating its key right now
            var notOurName = Planted("rasmfa.key.backup.tmp");
            var upperCase = Planted($"rasmfa.key.{Guid.NewGuid().ToString("N").ToUpperInvariant()}.tmp");
            var target = Path.Combine(_parent, "target");
            File.WriteAllBytes(target, new byte[1]);
            File.SetLastWriteTimeUtc(target, hourAgo);
            var link = Path.Combine(Folder, $"rasmfa.key.{Guid.NewGuid():N}.tmp");
            File.CreateSymbolicLink(link, target);

            new SqliteStore(DatabasePath).Dispose();

            Assert.False(File.Exists(stale));
            Assert.True(File.Exists(inProgress));
            Assert.True(File.Exists(notOurName));
            Assert.True(File.Exists(upperCase));
            Assert.NotNull(new FileInfo(link).LinkTarget);
            Assert.True(File.Exists(target));
        }

        [Fact]
        public void A_key_file_creation_that_fails_leaves_no_temporary_copy()
        {
            if (OperatingSystem.IsWindows()) return;
            var failing = new FailsAfterCreatingTemporaries(new RasMfa.Engine.Security.Platform.UnixStorePlatform());

            Assert.Throws<UnauthorizedAccessException>(() => new SqliteStore(DatabasePath, failing));

            Assert.True(File.Exists(DatabasePath));
            Assert.Empty(Directory.GetFiles(Folder, "rasmfa.key*"));
        }

        /// <summary>Creates a temporary file and then fails, as setting its owner can on Windows.</summary>
        private sealed class FailsAfterCreatingTemporaries : RasMfa.Engine.Security.Platform.IStorePlatform
        {
            private readonly RasMfa.Engine.Security.Platform.IStorePlatform _inner;

            public FailsAfterCreatingTemporaries(RasMfa.Engine.Security.Platform.IStorePlatform inner) => _inner = inner;

            public bool SealsWithDpapi => _inner.SealsWithDpapi;

            public byte[] ProtectWithDpapi(byte[] plaintext, byte[] entropy) => _inner.ProtectWithDpapi(plaintext, entropy);

            public byte[] UnprotectWithDpapi(byte[] sealedData, byte[] entropy) => _inner.UnprotectWithDpapi(sealedData, entropy);

            public void CreatePrivateFolder(string path) => _inner.CreatePrivateFolder(path);

            public void CreatePrivateFile(string path)
            {
                _inner.CreatePrivateFile(path);
                if (path.EndsWith(".tmp", StringComparison.Ordinal)) throw new UnauthorizedAccessException("Cannot set the owner of " + path);
            }

            public System.Collections.Generic.IReadOnlyList<AccessProblem> FindAccessProblems(string path, StoreItem item) => _inner.FindAccessProblems(path, item);

            public System.Collections.Generic.IReadOnlyList<string> FixCommands(string folder, System.Collections.Generic.IReadOnlyList<string> files, System.Collections.Generic.IReadOnlyList<AccessProblem> problems) =>
                _inner.FixCommands(folder, files, problems);
        }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "chown")]
        private static extern int Chown(string path, uint owner, uint group = uint.MaxValue);

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_parent, true); } catch (IOException) { }
        }
    }
}
#endif
