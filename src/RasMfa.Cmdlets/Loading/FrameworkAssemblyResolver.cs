using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;

namespace RasMfa.Cmdlets.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework): answers AppDomain.AssemblyResolve for the module's own dependencies by
    /// name, whatever version is asked (what a binding redirect would do). The event is raised on every thread, the
    /// listener's background threads included.
    /// </summary>
    internal sealed class FrameworkAssemblyResolver
    {
        private readonly DependencyLocator _locator;
        private readonly string _moduleFolder;
        private readonly ConcurrentDictionary<string, AssemblyName?> _shippedNames = new ConcurrentDictionary<string, AssemblyName?>(StringComparer.OrdinalIgnoreCase);

        public FrameworkAssemblyResolver(DependencyLocator locator, string moduleFolder)
        {
            _locator = locator;
            _moduleFolder = moduleFolder;
        }

        public Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            AssemblyName requested;
            try
            {
                requested = new AssemblyName(args.Name);
            }
            catch (Exception e) when (e is ArgumentException || e is FileLoadException)
            {
                return null; // another module's malformed request is not ours to answer, nor to fail with our exception
            }
            if (requested.Name == null) return null;
            var path = _locator.FindAssembly(requested.Name);
            if (path == null) return null;
            var shipped = _shippedNames.GetOrAdd(path, ReadName);
            if (shipped == null || !BindingPolicy.ShouldAnswer(requested, shipped, IsOurs(args.RequestingAssembly))) return null;
            return Assembly.LoadFrom(path);
        }

        private bool IsOurs(Assembly? requesting)
        {
            if (requesting == null || requesting.IsDynamic) return false;
            var location = requesting.Location;
            return !string.IsNullOrEmpty(location) && Path.GetFullPath(location).StartsWith(_moduleFolder, StringComparison.OrdinalIgnoreCase);
        }

        private static AssemblyName? ReadName(string path)
        {
            try
            {
                return AssemblyName.GetAssemblyName(path);
            }
            catch (Exception e) when (e is BadImageFormatException || e is IOException)
            {
                return null;
            }
        }
    }
}
