using System.Collections.Generic;
using System.IO;
using RasMfa.Cmdlets.Loading;
using Xunit;

namespace RasMfa.Engine.Tests.Loading
{
    public class DependencyLocatorTests
    {
        private static readonly string Folder = Path.Combine("m", "bin", "net8.0", "dependencies");

        private static DependencyLocator On(ModulePlatform platform, string architecture, params string[] files)
        {
            var present = new HashSet<string>(files);
            return new DependencyLocator(Folder, platform, architecture, path => present.Contains(path));
        }

        private static string At(params string[] parts) => Path.Combine(Folder, Path.Combine(parts));

        [Fact]
        public void A_per_OS_build_wins_over_the_portable_file_of_the_same_name()
        {
            var files = new[] { At("System.DirectoryServices.Protocols.dll"), At("runtimes", "linux", "lib", "System.DirectoryServices.Protocols.dll"), At("runtimes", "win", "lib", "System.DirectoryServices.Protocols.dll") };
            Assert.Equal(files[1], On(ModulePlatform.Linux, "x64", files).FindAssembly("System.DirectoryServices.Protocols"));
            Assert.Equal(files[2], On(ModulePlatform.Windows, "x64", files).FindAssembly("System.DirectoryServices.Protocols"));
            Assert.Equal(files[0], On(ModulePlatform.MacOS, "arm64", files).FindAssembly("System.DirectoryServices.Protocols"));
        }

        [Fact]
        public void Linux_and_macOS_fall_back_to_unix_builds_and_Windows_never_does()
        {
            var unix = At("runtimes", "unix", "lib", "System.Drawing.Common.dll");
            Assert.Equal(unix, On(ModulePlatform.Linux, "x64", unix).FindAssembly("System.Drawing.Common"));
            Assert.Equal(unix, On(ModulePlatform.LinuxMusl, "x64", unix).FindAssembly("System.Drawing.Common"));
            Assert.Equal(unix, On(ModulePlatform.MacOS, "x64", unix).FindAssembly("System.Drawing.Common"));
            Assert.Null(On(ModulePlatform.Windows, "x64", unix).FindAssembly("System.Drawing.Common"));
        }

        [Fact]
        public void Assemblies_we_do_not_ship_are_left_to_the_framework()
        {
            var locator = On(ModulePlatform.Linux, "x64", At("RasMfa.Engine.dll"));
            Assert.Equal(At("RasMfa.Engine.dll"), locator.FindAssembly("RasMfa.Engine"));
            Assert.Null(locator.FindAssembly("System.Runtime"));
        }

        [Theory]
        [InlineData("../../../etc/evil")]
        [InlineData("..\\evil")]
        [InlineData("C:evil")]
        [InlineData("")]
        public void A_name_that_is_a_path_finds_nothing(string name)
        {
            var locator = On(ModulePlatform.Windows, "x64", At("evil.dll"), Path.Combine("m", "evil.dll"));
            Assert.Null(locator.FindAssembly(name));
            Assert.Null(locator.FindNativeLibrary(name));
        }

        [Fact]
        public void The_native_SQLite_build_is_chosen_by_OS_and_architecture()
        {
            var files = new[]
            {
                At("runtimes", "linux-x64", "native", "libe_sqlite3.so"), At("runtimes", "linux-arm64", "native", "libe_sqlite3.so"),
                At("runtimes", "linux-musl-x64", "native", "libe_sqlite3.so"), At("runtimes", "win-x86", "native", "e_sqlite3.dll"),
                At("runtimes", "osx-arm64", "native", "libe_sqlite3.dylib"),
            };
            Assert.Equal(files[0], On(ModulePlatform.Linux, "X64", files).FindNativeLibrary("e_sqlite3"));
            Assert.Equal(files[1], On(ModulePlatform.Linux, "arm64", files).FindNativeLibrary("libe_sqlite3.so"));
            Assert.Equal(files[2], On(ModulePlatform.LinuxMusl, "x64", files).FindNativeLibrary("e_sqlite3"));
            Assert.Equal(files[3], On(ModulePlatform.Windows, "x86", files).FindNativeLibrary("e_sqlite3"));
            Assert.Equal(files[4], On(ModulePlatform.MacOS, "arm64", files).FindNativeLibrary("e_sqlite3"));
            Assert.Null(On(ModulePlatform.Windows, "arm64", files).FindNativeLibrary("e_sqlite3"));
        }
    }
}
