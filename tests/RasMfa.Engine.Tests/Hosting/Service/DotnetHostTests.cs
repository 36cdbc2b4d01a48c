#if NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.IO;
using RasMfa.Engine.Hosting.Service;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting.Service
{
    /// <summary>The dotnet host Install-RasMfaService writes into rasmfa.service: only one no other local user may change.</summary>
    public sealed class DotnetHostTests : IDisposable
    {
        // Not under /tmp (a clean clone's build output may be): DotnetHost passes over the folders the unit hides before it
        // judges anything else, so the test's hosts go to /dev/shm then.
        private readonly string _folder = Path.Combine(
            DotnetHost.HiddenFromService(AppContext.BaseDirectory) ? "/dev/shm" : AppContext.BaseDirectory, "dotnet-host-" + Guid.NewGuid().ToString("N"));

        public DotnetHostTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public void A_host_in_a_folder_others_may_write_is_passed_over_with_a_warning()
        {
            if (OperatingSystem.IsWindows()) return;
            var root = Path.Combine(_folder, "open");
            Directory.CreateDirectory(root);
            File.SetUnixFileMode(root, (UnixFileMode)0x1FF); // 0777: anyone may swap the host
            var host = Path.Combine(root, "dotnet");
            File.WriteAllText(host, "#!/bin/sh\n");
            File.SetUnixFileMode(host, (UnixFileMode)0x1ED); // 0755: the file itself is closed
            var warnings = new List<string>();

            var chosen = FindWith(new Dictionary<string, string?> { ["DOTNET_ROOT"] = root, ["PATH"] = "" }, warnings);

            Assert.NotEqual(host, chosen);
            Assert.Contains(warnings, w => w.Contains(host, StringComparison.Ordinal) && w.Contains(root, StringComparison.Ordinal));
        }

        [Fact]
        public void A_closed_host_reached_through_a_link_is_named_by_its_real_path()
        {
            if (OperatingSystem.IsWindows()) return;
            var real = Path.Combine(_folder, "real");
            Directory.CreateDirectory(real);
            File.SetUnixFileMode(real, (UnixFileMode)0x1ED);
            var host = Path.Combine(real, "dotnet");
            File.WriteAllText(host, "#!/bin/sh\n");
            File.SetUnixFileMode(host, (UnixFileMode)0x1ED);
            var link = Path.Combine(_folder, "link");
            Directory.CreateSymbolicLink(link, real);
            if (DotnetHostTrust.Distrust(host) != null) return; // this machine's folders above the test are open: nothing to show here

            var chosen = FindWith(new Dictionary<string, string?> { ["DOTNET_ROOT"] = link, ["PATH"] = "" }, new List<string>());

            Assert.Equal(host, chosen);
        }

        private static string? FindWith(Dictionary<string, string?> environment, List<string> warnings)
        {
            try
            {
                return DotnetHost.Find(name => environment.TryGetValue(name, out var value) ? value : null, File.Exists, warnings.Add);
            }
            catch (RasMfa.Engine.Administration.EngineException e) when (e.ErrorId == DotnetHost.NotFoundErrorId)
            {
                return null;
            }
        }
    }
}
#endif
