using System.IO;
using System.Runtime.InteropServices;

namespace RasMfa.Cmdlets.Loading
{
    /// <summary>The platform this process runs on, in the terms of the module's runtimes/ folders.</summary>
    internal static class RunningPlatform
    {
        public static ModulePlatform Current
        {
            get
            {
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return ModulePlatform.Windows;
                if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) return ModulePlatform.MacOS;
                return IsMusl ? ModulePlatform.LinuxMusl : ModulePlatform.Linux;
            }
        }

        public static string Architecture => RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

        private static bool IsMusl => File.Exists("/lib/ld-musl-x86_64.so.1") || File.Exists("/lib/ld-musl-aarch64.so.1");

        public static DependencyLocator LocatorFor(string dependencyFolder) => new DependencyLocator(dependencyFolder, Current, Architecture);
    }
}
