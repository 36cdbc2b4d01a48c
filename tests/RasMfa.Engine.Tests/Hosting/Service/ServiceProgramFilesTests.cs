#if NET8_0_OR_GREATER
using System;
using System.IO;
using RasMfa.Engine.Hosting.Service;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting.Service
{
    /// <summary>The service's copy of its program (Install-RasMfaService): closed to other local users, and re-made when it is not.</summary>
    public sealed class ServiceProgramFilesTests : IDisposable
    {
        private const UnixFileMode GroupOrOthersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        private const UnixFileMode OpenToAll = (UnixFileMode)0x1FF; // 0777
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-program-" + Guid.NewGuid().ToString("N"));
        private readonly string _source;
        private readonly string _destination;

        public ServiceProgramFilesTests()
        {
            _source = Path.Combine(_folder, "module", "service", "net8.0");
            Directory.CreateDirectory(Path.Combine(_source, "runtimes"));
            File.WriteAllText(Path.Combine(_source, "RasMfa.Service.dll"), "host");
            File.WriteAllText(Path.Combine(_source, "runtimes", "native.so"), "native");
            _destination = ServiceProgramFiles.DestinationFor(_source, Path.Combine(_folder, "opt"));
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public void The_copy_has_folders_0755_and_files_0644_whatever_the_module_had()
        {
            if (OperatingSystem.IsWindows()) return;
            File.SetUnixFileMode(Path.Combine(_source, "runtimes"), OpenToAll);
            File.SetUnixFileMode(Path.Combine(_source, "runtimes", "native.so"), OpenToAll);

            ServiceProgramFiles.Ensure(_source, _destination);

            Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(_destination));
            Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(Path.Combine(_destination, "runtimes")));
            Assert.Equal((UnixFileMode)0x1A4, File.GetUnixFileMode(Path.Combine(_destination, "runtimes", "native.so")));
            Assert.Equal((UnixFileMode)0x1A4, File.GetUnixFileMode(Path.Combine(_destination, "RasMfa.Service.dll")));
        }

        [Fact]
        public void A_copy_in_place_that_others_may_write_is_made_again()
        {
            if (OperatingSystem.IsWindows()) return;
            ServiceProgramFiles.Ensure(_source, _destination);
            var copied = Path.Combine(_destination, "runtimes", "native.so");
            File.SetUnixFileMode(copied, File.GetUnixFileMode(copied) | UnixFileMode.OtherWrite); // same content, but open

            Assert.False(ServiceProgramFiles.IsCurrent(_source, _destination));
            ServiceProgramFiles.Ensure(_source, _destination);

            Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(copied) & GroupOrOthersWrite);
            Assert.True(ServiceProgramFiles.IsCurrent(_source, _destination));
        }

        [Fact]
        public void A_copy_in_place_holding_a_symbolic_link_is_made_again()
        {
            if (OperatingSystem.IsWindows()) return;
            ServiceProgramFiles.Ensure(_source, _destination);
            // The link points at a file of the same content that another user could change later.
            var elsewhere = Path.Combine(_folder, "elsewhere.so");
            File.WriteAllText(elsewhere, "native");
            var copied = Path.Combine(_destination, "runtimes", "native.so");
            File.Delete(copied);
            File.CreateSymbolicLink(copied, elsewhere);

            Assert.False(ServiceProgramFiles.IsCurrent(_source, _destination));
            ServiceProgramFiles.Ensure(_source, _destination);

            Assert.Null(new FileInfo(copied).LinkTarget);
            Assert.Equal("native", File.ReadAllText(elsewhere));
        }
    }
}
#endif
