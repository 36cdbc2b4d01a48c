using System;
using System.Collections.Generic;
using System.IO;
using RasMfa.Engine.Security.Unix;

namespace RasMfa.Engine.Security.Platform
{
    /// <summary>Linux (and other Unix systems): the store folder 0700, its files 0600, owned by the current user or root.</summary>
#if NET8_0_OR_GREATER
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
#endif
    internal sealed class UnixStorePlatform : IStorePlatform
    {
        private const uint OwnerOnlyFolder = 0x1C0; // 0o700
        private const uint OwnerOnlyFile = 0x180;   // 0o600
        private readonly uint _currentUid = UnixNative.EffectiveUserId();

#if NET8_0_OR_GREATER
        public bool SealsWithDpapi => false;

        public byte[] ProtectWithDpapi(byte[] plaintext, byte[] entropy) => throw new PlatformNotSupportedException("DPAPI exists only on Windows.");

        public byte[] UnprotectWithDpapi(byte[] sealedData, byte[] entropy) => throw new PlatformNotSupportedException("DPAPI exists only on Windows.");
#else
        // The net472 build runs here only under Mono, in tests. Mono emulates DPAPI with a key pair of its own
        // (not a protection to rely on), which keeps the DPAPI code path, entropy file included, under test on Linux.
        public bool SealsWithDpapi => true;

        public byte[] ProtectWithDpapi(byte[] plaintext, byte[] entropy) =>
            System.Security.Cryptography.ProtectedData.Protect(plaintext, entropy, System.Security.Cryptography.DataProtectionScope.LocalMachine);

        public byte[] UnprotectWithDpapi(byte[] sealedData, byte[] entropy) =>
            System.Security.Cryptography.ProtectedData.Unprotect(sealedData, entropy, System.Security.Cryptography.DataProtectionScope.LocalMachine);
#endif

        public void CreatePrivateFolder(string path) => UnixNative.CreateDirectory(path, OwnerOnlyFolder);

        public void CreatePrivateFile(string path)
        {
#if NET8_0_OR_GREATER
            using var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
#else
            // Mono has no create mode: the file is 0600 a moment later, inside a folder already checked to be the owner's.
            using (new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None)) { }
            UnixNative.SetMode(path, OwnerOnlyFile);
#endif
        }

        public IReadOnlyList<AccessProblem> FindAccessProblems(string path, StoreItem item) =>
            UnixAccessVerdict.Judge(path, item, StatusOf(path), _currentUid);

        public IReadOnlyList<string> FixCommands(string folder, IReadOnlyList<AccessProblem> problems) =>
            UnixFixCommands.For(folder, StatusOf(folder), problems, _currentUid);

        private static UnixFileStatus StatusOf(string path)
        {
            try
            {
                var (mode, owner) = UnixNative.Status(path);
                return new UnixFileStatus(mode, owner);
            }
            catch (EntryPointNotFoundException)
            {
#if NET8_0_OR_GREATER
                // No statx (macOS, BSD): the modes are still checked, the owner is not.
                return new UnixFileStatus((int)File.GetUnixFileMode(path), null);
#else
                throw;
#endif
            }
        }
    }
}
