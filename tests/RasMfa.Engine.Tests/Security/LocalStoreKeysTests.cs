// .NET 8+ only: Unix file modes, and the AES-GCM stand-in for DPAPI (StandInDpapi.cs).
#if NET
using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;
using Xunit;

namespace RasMfa.Engine.Tests.Security
{
    /// <summary>
    /// Each server keeps the shared store's key for itself (issue 12): Linux's real files (0600, owner only), and the
    /// Windows way (DPAPI machine scope) through the DPAPI stand-in; refused when others could read it, when missing
    /// (the admin is told to join), and when it cannot be opened here.
    /// </summary>
    public sealed class LocalStoreKeysTests : IDisposable
    {
        private const string StoreId = "6f1c2a7e-3d4b-4f5a-9c8d-0e1f2a3b4c5d";
        private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        private readonly string _parent = Path.Combine(Path.GetTempPath(), "rasmfa-storekeys-" + Guid.NewGuid().ToString("N"));

        private string Folder => Path.Combine(_parent, "keys");

        public void Dispose()
        {
            if (Directory.Exists(_parent)) Directory.Delete(_parent, recursive: true);
        }

        private static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

        [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        private LocalStoreKeys OnLinux() => new LocalStoreKeys(Folder, new UnixStorePlatform());

        private LocalStoreKeys OnWindows() => new LocalStoreKeys(Folder, new StandInDpapi());

        private static StoreKeyException Refusal(Func<object> action) => Assert.Throws<StoreKeyException>(action);

        [Fact]
        public void On_Linux_the_key_is_kept_in_a_file_only_its_owner_may_read_and_loads_back()
        {
            if (OperatingSystem.IsWindows()) return;
            var keys = OnLinux();
            var storeKey = NewKey();
            keys.Save(StoreId, storeKey);

            var path = keys.PathOf(StoreId);
            Assert.Equal(Path.Combine(Folder, $"rasmfa-store-{StoreId}.key"), path);
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Folder));
            Assert.Equal(new byte[] { 1 }.Concat(storeKey), File.ReadAllBytes(path));
            Assert.Single(Directory.GetFiles(Folder)); // no temporary left beside it
            Assert.True(keys.Has(StoreId));
            Assert.Equal(storeKey, OnLinux().Load(StoreId));
        }

        [Fact]
        public void A_server_without_the_key_is_told_to_join_the_store()
        {
            if (OperatingSystem.IsWindows()) return;
            Directory.CreateDirectory(_parent);
            var keys = OnLinux();

            Assert.False(keys.Has(StoreId));
            var refusal = Refusal(() => keys.Load(StoreId));
            Assert.Equal(StoreKeyException.NotJoinedId, refusal.ErrorId);
            Assert.Equal(EngineErrorKind.NotFound, refusal.Kind);
            Assert.Contains("Run Join-RasMfaStore on this server", refusal.Message);
            Assert.Contains(StoreId, refusal.Message);
        }

        [Fact]
        public void A_key_file_its_group_may_read_is_refused_with_the_command_that_fixes_it()
        {
            if (OperatingSystem.IsWindows()) return;
            var keys = OnLinux();
            keys.Save(StoreId, NewKey());
            File.SetUnixFileMode(keys.PathOf(StoreId), OwnerOnlyFile | UnixFileMode.GroupRead);

            var refusal = Refusal(() => keys.Load(StoreId));
            Assert.Equal(StoreKeyException.NotPrivateId, refusal.ErrorId);
            Assert.Equal(EngineErrorKind.Insecure, refusal.Kind);
            Assert.Contains("Its group may read", refusal.Message);
            Assert.Contains($"chmod 600 '{keys.PathOf(StoreId)}'", refusal.Message);
            // Nor is a new key written into it.
            Assert.Equal(StoreKeyException.NotPrivateId, Refusal(() => { keys.Save(StoreId, NewKey()); return 0; }).ErrorId);
        }

        [Fact]
        public void A_folder_others_may_change_is_refused_before_a_key_is_written_into_it()
        {
            if (OperatingSystem.IsWindows()) return;
            Directory.CreateDirectory(Folder);
            File.SetUnixFileMode(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
            var keys = OnLinux();

            Assert.Equal(StoreKeyException.NotPrivateId, Refusal(() => { keys.Save(StoreId, NewKey()); return 0; }).ErrorId);
            Assert.Empty(Directory.GetFiles(Folder));
        }

        [Fact]
        public void A_key_file_that_is_a_link_is_refused()
        {
            if (OperatingSystem.IsWindows()) return;
            var keys = OnLinux();
            keys.Save("elsewhere", NewKey());
            File.CreateSymbolicLink(keys.PathOf(StoreId), keys.PathOf("elsewhere"));

            var refusal = Refusal(() => keys.Load(StoreId));
            Assert.Equal(StoreKeyException.NotPrivateId, refusal.ErrorId);
            Assert.Contains("is a link", refusal.Message);
        }

        [Fact]
        public void Joining_again_after_the_key_was_rotated_replaces_the_key_kept()
        {
            if (OperatingSystem.IsWindows()) return;
            var keys = OnLinux();
            keys.Save(StoreId, NewKey());
            var rotated = NewKey();
            keys.Save(StoreId, rotated);

            Assert.Equal(rotated, keys.Load(StoreId));
            Assert.Single(Directory.GetFiles(Folder));
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(keys.PathOf(StoreId)));
        }

        [Fact]
        public void A_key_file_cut_short_is_refused_and_the_admin_told_to_join_again()
        {
            if (OperatingSystem.IsWindows()) return;
            var keys = OnLinux();
            keys.Save(StoreId, NewKey());
            var path = keys.PathOf(StoreId);
            File.WriteAllBytes(path, File.ReadAllBytes(path).Take(20).ToArray());

            var refusal = Refusal(() => keys.Load(StoreId));
            Assert.Equal(StoreKeyException.LocalKeyUnreadableId, refusal.ErrorId);
            Assert.Contains("holds 19 octets", refusal.Message);
            Assert.Contains("Run Join-RasMfaStore on this server again", refusal.Message);
        }

        [Fact]
        public void On_Windows_the_key_is_sealed_with_DPAPI_for_this_store_and_never_written_in_clear()
        {
            if (OperatingSystem.IsWindows()) return;
            var keys = OnWindows();
            var storeKey = NewKey();
            keys.Save(StoreId, storeKey);

            var content = File.ReadAllBytes(keys.PathOf(StoreId));
            Assert.Equal(2, content[0]);
            Assert.False(Contains(content, storeKey));
            Assert.Equal(storeKey, OnWindows().Load(StoreId));
            // Renamed to another store's name: DPAPI's entropy names the store, so it does not open as that store's key.
            File.Copy(keys.PathOf(StoreId), keys.PathOf("other-store"));
            var refusal = Refusal(() => keys.Load("other-store"));
            Assert.Equal(StoreKeyException.LocalKeyUnreadableId, refusal.ErrorId);
            Assert.Contains("DPAPI cannot open it", refusal.Message);
        }

        [Fact]
        public void A_key_file_written_on_the_other_kind_of_system_is_refused_by_its_format()
        {
            if (OperatingSystem.IsWindows()) return;
            OnLinux().Save(StoreId, NewKey());

            var refusal = Refusal(() => OnWindows().Load(StoreId));
            Assert.Equal(StoreKeyException.LocalKeyUnreadableId, refusal.ErrorId);
            Assert.Contains("format 1, not the one this system writes (2)", refusal.Message);
        }

        [Fact]
        public void A_store_id_is_never_a_path()
        {
            var refusal = Refusal(() => OnWindows().PathOf("../rasmfa"));
            Assert.Equal(StoreKeyException.StoreIdInvalidId, refusal.ErrorId);
        }

        // Issue 12's join, end to end: the first server makes the key, seals a secret, and escrows the key with the
        // admin's passphrase; a second server, given only the escrow and the passphrase, keeps the key and opens the secret.
        [Fact]
        public void A_server_that_joins_with_the_passphrase_opens_the_secrets_another_server_sealed()
        {
            if (OperatingSystem.IsWindows()) return;
            const string Passphrase = "four unrelated words here";
            var storeKey = NewKey();
            var sealedSecret = AesGcmSecretProtector.ForStoreKey(storeKey).Protect(Encoding.UTF8.GetBytes("a token seed"));
            var escrow = StoreKeyEscrow.Wrap(storeKey, Passphrase, StoreId);

            var joining = OnWindows();
            joining.Save(StoreId, StoreKeyEscrow.Unwrap(escrow, Passphrase, StoreId));

            Assert.Equal("a token seed", Encoding.UTF8.GetString(AesGcmSecretProtector.ForStoreKey(joining.Load(StoreId)).Unprotect(sealedSecret)));
        }

        private static bool Contains(byte[] haystack, byte[] needle) =>
            Enumerable.Range(0, haystack.Length - needle.Length + 1).Any(i => haystack.AsSpan(i, needle.Length).SequenceEqual(needle));
    }
}
#endif
