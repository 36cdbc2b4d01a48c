#if NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.IO;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Hosting.Service;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R4: Install-RasMfaService copies the module's host to /opt/rasmfa/service so that "a user-scope module folder
    /// that others may write" cannot change the files under the running service; and it picks the dotnet host the unit runs.
    /// A file or host that another local user may write runs that user's code as the service's user (which owns the store key).
    /// </summary>
    public sealed class ReviewR4ServiceProgramFilesTests : IDisposable
    {
        private const UnixFileMode GroupOrOthersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        // Not under /tmp: DotnetHost passes over the folders the unit hides, and the test wants one it would take.
        private readonly string _folder = Path.Combine(AppContext.BaseDirectory, "review-r4-" + Guid.NewGuid().ToString("N"));

        public ReviewR4ServiceProgramFilesTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public void The_service_copy_of_a_module_file_others_may_write_is_not_writable_by_others()
        {
            if (OperatingSystem.IsWindows()) return;
            var source = Path.Combine(_folder, "module", "service", "net8.0");
            Directory.CreateDirectory(source);
            var dll = Path.Combine(source, "RasMfa.Service.dll");
            File.WriteAllText(dll, "host");
            File.SetUnixFileMode(dll, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
            var destination = ServiceProgramFiles.DestinationFor(source, Path.Combine(_folder, "opt"));

            ServiceProgramFiles.Ensure(source, destination);

            var copied = File.GetUnixFileMode(Path.Combine(destination, "RasMfa.Service.dll"));
            Assert.True((copied & GroupOrOthersWrite) == 0, $"the copy under the program folder has mode {copied}: any local user may replace the service's code");
        }

        [Fact]
        public void A_dotnet_host_others_may_write_is_not_written_into_the_unit()
        {
            if (OperatingSystem.IsWindows()) return;
            var root = Path.Combine(_folder, "dotnet-root");
            Directory.CreateDirectory(root);
            var host = Path.Combine(root, "dotnet");
            File.WriteAllText(host, "#!/bin/sh\n");
            File.SetUnixFileMode(host, (UnixFileMode)0x1FF); // 0777
            var environment = new Dictionary<string, string?> { ["DOTNET_ROOT"] = root, ["PATH"] = "" };

            string? chosen = null;
            try
            {
                chosen = DotnetHost.Find(name => environment.TryGetValue(name, out var value) ? value : null, File.Exists);
            }
            catch (EngineException)
            {
                // Refusing every candidate is fine.
            }
            Assert.NotEqual(host, chosen);
        }
    }
}
#endif
