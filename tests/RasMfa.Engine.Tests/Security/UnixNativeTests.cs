using System;
using RasMfa.Engine.Security.Platform;
using Xunit;

namespace RasMfa.Engine.Tests.Security
{
    public sealed class UnixNativeTests
    {
        private static byte[] Statx(uint mask, ushort mode, uint uid)
        {
            var buffer = new byte[256];
            BitConverter.GetBytes(mask).CopyTo(buffer, 0);
            BitConverter.GetBytes(uid).CopyTo(buffer, 20);
            BitConverter.GetBytes(mode).CopyTo(buffer, 28);
            return buffer;
        }

        [Fact]
        public void A_statx_that_reports_mode_and_owner_is_read_as_it_is()
        {
            var status = UnixNative.FromStatx(Statx(0x7FF, 0x41C0, 1000)); // STATX_BASIC_STATS, a 0700 folder

            Assert.Equal(0x1C0, status.Mode);
            Assert.Equal(1000u, status.OwnerUid);
        }

        [Fact]
        public void A_statx_without_stx_uid_in_its_mask_leaves_the_owner_unknown()
        {
            // The buffer says uid 0 (root, trusted), but the file system did not fill it in.
            var status = UnixNative.FromStatx(Statx(0x2, 0x81A4, 0));

            Assert.Null(status.OwnerUid);
            Assert.Equal(0x1A4, status.Mode);
        }

        [Fact]
        public void A_statx_without_stx_mode_in_its_mask_is_taken_as_open_to_everyone_with_no_known_owner()
        {
            var status = UnixNative.FromStatx(Statx(0x8, 0x8180, 1000));

            Assert.Null(status.OwnerUid);
            Assert.Equal(0x1FF, status.Mode);
        }

#if NET
        [Fact]
        public void A_symbolic_link_is_judged_as_the_link_not_as_its_target()
        {
            if (OperatingSystem.IsWindows()) return;
            var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rasmfa-statx-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(folder);
            try
            {
                var target = System.IO.Path.Combine(folder, "target");
                System.IO.File.WriteAllBytes(target, new byte[1]);
                System.IO.File.SetUnixFileMode(target, System.IO.UnixFileMode.UserRead | System.IO.UnixFileMode.UserWrite);
                var link = System.IO.Path.Combine(folder, "link");
                System.IO.File.CreateSymbolicLink(link, target);

                Assert.Equal(0x180, UnixNative.Status(target).Mode);
                Assert.Equal(0x1FF, UnixNative.Status(link).Mode); // lrwxrwxrwx: the link's own mode
            }
            finally
            {
                System.IO.Directory.Delete(folder, true);
            }
        }
#endif
    }
}
