using System;
using System.IO;
using System.Runtime.InteropServices;
using RasMfa.Engine.Security.Unix;

namespace RasMfa.Engine.Security.Platform
{
    /// <summary>
    /// The few libc calls the store needs on Linux, the same for the net8.0 build and for the net472 build under Mono
    /// (which has no UnixFileMode API). statx has one layout on every Linux architecture, unlike stat.
    /// </summary>
    internal static class UnixNative
    {
        private const int AtCurrentDirectory = -100;
        private const int AtSymlinkNoFollow = 0x100; // the same value on every Linux architecture
        private const uint StatxMode = 0x2;
        private const uint StatxUid = 0x8;
        private const uint StatxModeAndOwner = StatxMode | StatxUid;
        private const int StatxSize = 256;
        private const int StatxMaskOffset = 0;
        private const int StatxUidOffset = 20;
        private const int StatxModeOffset = 28;
        private const int NoSuchFile = 2;        // ENOENT
        private const int PermissionDenied = 13; // EACCES
        private const int AlreadyExists = 17;    // EEXIST

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        private static extern int Statx(int directory, string path, int flags, uint mask, byte[] buffer);

        [DllImport("libc", EntryPoint = "geteuid")]
        private static extern uint GetEffectiveUserId();

        [DllImport("libc", EntryPoint = "mkdir", SetLastError = true)]
        private static extern int MakeDirectory(string path, uint mode);

        [DllImport("libc", EntryPoint = "chmod", SetLastError = true)]
        private static extern int ChangeMode(string path, uint mode);

        public static uint EffectiveUserId() => GetEffectiveUserId();

        /// <summary>
        /// Mode and owner of <paramref name="path"/> itself, never of a symbolic link's target (links are refused
        /// separately). Throws EntryPointNotFoundException where libc has no statx (glibc before 2.28, musl before
        /// 1.2.5, macOS).
        /// </summary>
        public static UnixFileStatus Status(string path)
        {
            var buffer = new byte[StatxSize];
            if (Statx(AtCurrentDirectory, path, AtSymlinkNoFollow, StatxModeAndOwner, buffer) != 0) throw Failure("read the permissions of", path);
            return FromStatx(buffer);
        }

        /// <summary>
        /// Reads a struct statx. A field is only what the file system filled in when stx_mask says so: without
        /// STATX_UID and STATX_MODE the owner is unknown (and refused by the verdict), and the mode is taken as open
        /// to everyone rather than as whatever the buffer held.
        /// </summary>
        internal static UnixFileStatus FromStatx(byte[] buffer)
        {
            uint mask = BitConverter.ToUInt32(buffer, StatxMaskOffset);
            if ((mask & StatxModeAndOwner) != StatxModeAndOwner)
                return new UnixFileStatus((mask & StatxMode) != 0 ? BitConverter.ToUInt16(buffer, StatxModeOffset) : 0x1FF, null);
            return new UnixFileStatus(BitConverter.ToUInt16(buffer, StatxModeOffset), BitConverter.ToUInt32(buffer, StatxUidOffset));
        }

        /// <summary>mkdir with <paramref name="mode"/> from the start, so the folder is never open to others; false when it already exists.</summary>
        public static bool CreateDirectory(string path, uint mode)
        {
            if (MakeDirectory(path, mode) == 0) return true;
            if (Marshal.GetLastWin32Error() == AlreadyExists) return false;
            throw Failure("create", path);
        }

        public static void SetMode(string path, uint mode)
        {
            if (ChangeMode(path, mode) != 0) throw Failure("change the mode of", path);
        }

        private static Exception Failure(string action, string path)
        {
            int errno = Marshal.GetLastWin32Error();
            var message = $"Cannot {action} {path} (errno {errno}).";
            return errno switch
            {
                PermissionDenied => new UnauthorizedAccessException($"{message} Run as the user who owns the store, or as root."),
                NoSuchFile => new FileNotFoundException(message, path),
                _ => new IOException(message),
            };
        }
    }
}
