#if NET
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RasMfa.Cmdlets.Loading;
using Xunit;

namespace RasMfa.Engine.Tests.Packaging
{
    /// <summary>
    /// The built module (out/RasMfa) as each edition would load it: every assembly reference of every shipped assembly is
    /// either the framework's or shipped and found by the module's loader, whatever version it names; no placeholder
    /// ("not supported on this platform") assembly is shipped; the cmdlets assembly, which PowerShell loads where
    /// other modules live, names nothing of ours but the engine.
    /// </summary>
    public class ModuleDependencyClosureTests
    {
        private const string HostAssembly = "System.Management.Automation";

        [Theory]
        [InlineData("net8.0", "Linux")]
        [InlineData("net8.0", "Windows")]
        [InlineData("net8.0", "MacOS")]
        [InlineData("net472", "Windows")]
        public void Every_reference_is_the_frameworks_or_shipped_and_found_by_the_loader(string framework, string platformName)
        {
            var platform = Enum.Parse<ModulePlatform>(platformName);
            var bin = BuildLocations.ModuleBin(framework);
            var provided = framework == "net8.0" ? FrameworkAssemblies.Net8 : FrameworkAssemblies.NetFramework472;
            var locator = new DependencyLocator(Path.Combine(bin, DependencyLocator.FolderName), platform, "x64");
            var problems = new List<string>();
            foreach (var assembly in LoadedOn(bin, locator))
            {
                foreach (var reference in assembly.References)
                {
                    var name = reference.Name!;
                    // PowerShell 7's load context asks our folder first; .NET Framework binds its own assemblies first.
                    bool shippedFirst = framework == "net8.0" && locator.FindAssembly(name) != null;
                    if (!shippedFirst && provided.TryGetValue(name, out var frameworkVersion))
                    {
                        // .NET Framework unifies its own assemblies to the installed version; .NET 8 loads nothing newer than it has.
                        if (framework == "net8.0" && reference.Version > frameworkVersion)
                            problems.Add($"{Describe(assembly)} needs {name} {reference.Version}; .NET 8 has {frameworkVersion}");
                        continue;
                    }
                    if (name == HostAssembly)
                    {
                        if (assembly.Name.Name != "RasMfa.Cmdlets") problems.Add($"{Describe(assembly)} needs PowerShell ({HostAssembly})");
                        continue;
                    }
                    var shippedPath = locator.FindAssembly(name);
                    var shipped = shippedPath == null ? null : AssemblyInspector.Read(shippedPath);
                    if (shipped == null)
                        problems.Add($"{Describe(assembly)} needs {reference.FullName}: not in {framework} and not shipped for {platform}");
                    else if (!BindingPolicy.ShouldAnswer(reference, shipped.Name, requestedByModule: true))
                        problems.Add($"{Describe(assembly)} needs {reference.FullName}; the loader would not answer with {shipped.Name.FullName}");
                }
            }
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        [Theory]
        [InlineData("net8.0")]
        [InlineData("net472")]
        public void No_placeholder_assembly_is_shipped(string framework)
        {
            var bin = BuildLocations.ModuleBin(framework);
            var placeholders = ManagedFiles(bin).Where(assembly => assembly.IsPlaceholder).Select(Describe).ToList();
            Assert.True(placeholders.Count == 0, "Placeholders: " + string.Join(", ", placeholders));
            Assert.Contains(ManagedFiles(bin), assembly => assembly.Name.Name == "RasMfa.Engine");
        }

        [Fact]
        public void The_placeholder_check_tells_the_LDAP_packages_stub_from_its_Linux_build()
        {
            var package = BuildLocations.Package("System.DirectoryServices.Protocols", "9.0.");
            var stub = AssemblyInspector.Read(Path.Combine(package, "lib", "net8.0", "System.DirectoryServices.Protocols.dll"))!;
            var linux = AssemblyInspector.Read(Path.Combine(package, "runtimes", "linux", "lib", "net8.0", "System.DirectoryServices.Protocols.dll"))!;
            Assert.True(stub.IsPlaceholder);
            Assert.False(linux.IsPlaceholder);
        }

        [Theory]
        [InlineData("net8.0")]
        [InlineData("net472")]
        public void The_cmdlets_assembly_names_only_the_framework_PowerShell_and_the_engine(string framework)
        {
            var bin = BuildLocations.ModuleBin(framework);
            var provided = framework == "net8.0" ? FrameworkAssemblies.Net8 : FrameworkAssemblies.NetFramework472;
            var cmdlets = AssemblyInspector.Read(Path.Combine(bin, "RasMfa.Cmdlets.dll"))!;
            var others = cmdlets.References.Select(reference => reference.Name!).Where(name => !provided.ContainsKey(name)).OrderBy(name => name);
            Assert.Equal(new[] { "RasMfa.Engine", HostAssembly }, others);
            // Only the cmdlets assembly sits beside the module's dependencies folder, so PowerShell's own probing finds none of them.
            Assert.Equal(new[] { "RasMfa.Cmdlets.dll" }, Directory.GetFiles(bin, "*.dll").Select(Path.GetFileName));
        }

        // The cmdlets assembly and, per simple name, the one shipped file the loader picks on this platform.
        private static IEnumerable<AssemblyInspector> LoadedOn(string bin, DependencyLocator locator)
        {
            yield return AssemblyInspector.Read(Path.Combine(bin, "RasMfa.Cmdlets.dll"))!;
            var names = ManagedFiles(bin).Select(assembly => assembly.Name.Name!).Where(name => name != "RasMfa.Cmdlets").Distinct(StringComparer.OrdinalIgnoreCase);
            foreach (var name in names)
            {
                var path = locator.FindAssembly(name);
                if (path != null) yield return AssemblyInspector.Read(path)!;
            }
        }

        private static List<AssemblyInspector> ManagedFiles(string bin) =>
            Directory.GetFiles(bin, "*.dll", SearchOption.AllDirectories).Select(AssemblyInspector.Read).Where(assembly => assembly != null).ToList()!;

        private static string Describe(AssemblyInspector assembly) => $"{assembly.Name.Name} ({assembly.Path})";
    }
}
#endif
