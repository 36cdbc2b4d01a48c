using System;
using System.IO;
using System.Reflection;
using RasMfa.Cmdlets.Loading;
using RasMfa.Engine.Tests.Packaging;
using Xunit;

namespace RasMfa.Engine.Tests.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1's resolver, registered on this process's AppDomain.AssemblyResolve as the module does:
    /// under Mono this is the .NET Framework build's code path, run for real.
    /// </summary>
    public sealed class FrameworkAssemblyResolverTests : IDisposable
    {
        private readonly string _module = Path.Combine(Path.GetTempPath(), "rasmfa-resolver-" + Guid.NewGuid().ToString("N"));

        [Fact]
        public void Answers_from_the_modules_dependencies_folder_and_leaves_a_newer_version_to_whoever_asked()
        {
            // The built cmdlets assembly stands in for a shipped dependency: nothing else in this process can find it.
            var bin = Path.Combine(_module, "bin", "net472");
            var dependencies = Path.Combine(bin, DependencyLocator.FolderName);
            Directory.CreateDirectory(dependencies);
            var shipped = Path.Combine(dependencies, "RasMfa.Cmdlets.dll");
            File.Copy(Path.Combine(BuildLocations.ModuleBin("net472"), "RasMfa.Cmdlets.dll"), shipped);
            var resolver = new FrameworkAssemblyResolver(RunningPlatform.LocatorFor(dependencies), bin + Path.DirectorySeparatorChar);
            ResolveEventHandler handler = resolver.Resolve;
            AppDomain.CurrentDomain.AssemblyResolve += handler;
            try
            {
                Assert.ThrowsAny<IOException>(() => Assembly.Load("RasMfa.Cmdlets, Version=99.0.0.0, Culture=neutral, PublicKeyToken=null"));
                var loaded = Assembly.Load("RasMfa.Cmdlets, Version=0.0.1.0, Culture=neutral, PublicKeyToken=null");
                Assert.Equal(Path.GetFullPath(shipped), Path.GetFullPath(loaded.Location));
                Assert.Null(resolver.Resolve(null, new ResolveEventArgs("not an assembly name, Version=x")));
            }
            finally
            {
                AppDomain.CurrentDomain.AssemblyResolve -= handler;
            }
        }

        public void Dispose()
        {
            try { Directory.Delete(_module, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
