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
        private readonly Func<string, UnixFileStatus> _readStatus;
        private readonly Lazy<uint?> _serviceUid;

        public UnixStorePlatform() : this(UnixNative.Status)
        {
        }

        /// <param name="readStatus">Reads a path's mode and owner; tests stand in for a C library without statx.</param>
        internal UnixStorePlatform(Func<string, UnixFileStatus> readStatus)
        {
            _readStatus = readStatus;
            // The store is handed to the service's user at install; the unit says who that is (read once, when first needed).
            _serviceUid = new Lazy<uint?>(() => InstalledServiceUser.Uid(readStatus));
        }

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
            UnixAccessVerdict.Judge(path, item, StatusOf(path), _currentUid, _serviceUid.Value);

        public IReadOnlyList<string> FixCommands(string folder, IReadOnlyList<string> files, IReadOnlyList<AccessProblem> problems) =>
            UnixFixCommands.For(folder, StatusOf(folder), problems, _currentUid);

        // No fallback where libc has no statx: stat's layout differs by architecture and C library (and glibc before
        // 2.33 exports no lstat at all), .NET reads no owner, and a store whose owner is unknown could be a folder
        // another user made. The store is refused with a message that says why, rather than checked by modes alone.
        private UnixFileStatus StatusOf(string path)
        {
            try
            {
                return _readStatus(path);
            }
            catch (EntryPointNotFoundException e)
            {
                throw new PlatformNotSupportedException(
                    $"RasMfa cannot tell who owns {path}: this system's C library has no statx (glibc before 2.28, musl before 1.2.5, macOS), " +
                    "and RasMfa does not use a store whose owner it cannot check. Run RasMfa on Linux with glibc 2.28 or later (Debian 10, RHEL 8, Ubuntu 18.10 and later) " +
                    "or musl 1.2.5 or later (Alpine 3.20 and later), or on Windows.", e);
            }
        }
    }
}
