#if NET
using System;
using System.Collections.Generic;
using System.IO;

namespace RasMfa.Engine.Tests.Packaging
{
    /// <summary>The assemblies a framework provides, by name with their versions, read from its reference assemblies.</summary>
    internal static class FrameworkAssemblies
    {
        /// <summary>.NET 8, what PowerShell 7.4 runs on (the oldest PowerShell the module loads in).</summary>
        public static IReadOnlyDictionary<string, Version> Net8 =>
            Read(Path.Combine(BuildLocations.Package("Microsoft.NETCore.App.Ref", "8.0."), "ref", "net8.0"));

        /// <summary>.NET Framework 4.7.2 with its facades, what Windows PowerShell 5.1 runs on.</summary>
        public static IReadOnlyDictionary<string, Version> NetFramework472
        {
            get
            {
                var root = Path.Combine(BuildLocations.Package("Microsoft.NETFramework.ReferenceAssemblies.net472", "1.0."), "build", ".NETFramework", "v4.7.2");
                var all = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
                foreach (var pair in Read(root)) all[pair.Key] = pair.Value;
                foreach (var pair in Read(Path.Combine(root, "Facades"))) all[pair.Key] = pair.Value;
                return all;
            }
        }

        private static Dictionary<string, Version> Read(string folder)
        {
            var names = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in Directory.GetFiles(folder, "*.dll"))
            {
                var assembly = AssemblyInspector.Read(file);
                if (assembly?.Name.Name != null) names[assembly.Name.Name] = assembly.Name.Version ?? new Version(0, 0);
            }
            if (names.Count < 50) throw new InvalidOperationException($"Only {names.Count} reference assemblies in {folder}.");
            return names;
        }
    }
}
#endif
