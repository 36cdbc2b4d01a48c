#if NET8_0_OR_GREATER
using System;
using System.Reflection;
using System.Runtime.Loader;

namespace RasMfa.Cmdlets.Loading
{
    /// <summary>
    /// PowerShell 7: the engine and everything it uses (SQLite, Microsoft.Extensions.*, LDAP, ...) load here, from the
    /// module's own dependencies folder, so that other modules' copies of the same assemblies (Az, Microsoft.Graph,
    /// SqlServer) neither replace ours nor are replaced by them. Framework assemblies fall through to the default context.
    /// </summary>
    internal sealed class ModuleLoadContext : AssemblyLoadContext
    {
        private readonly DependencyLocator _locator;

        public ModuleLoadContext(DependencyLocator locator)
            : base("RasMfa", isCollectible: false)
        {
            _locator = locator;
            // Last chance, after this context and the default one found nothing: neither the framework nor the module has it.
            Resolving += (_, name) => throw Missing(name);
        }

        /// <summary>
        /// The engine, for the default context's Resolving handler: by path, so that a missing file fails here with its
        /// name instead of going back to the default context, whose handler would send it here again (a stack overflow).
        /// </summary>
        public Assembly LoadShipped(AssemblyName assemblyName)
        {
            var path = assemblyName.Name == null ? null : _locator.FindAssembly(assemblyName.Name);
            if (path == null) throw Missing(assemblyName);
            return LoadFromAssemblyPath(path);
        }

        private System.IO.FileNotFoundException Missing(AssemblyName name)
        {
            var file = System.IO.Path.Combine(_locator.Folder, name.Name + ".dll");
            return new System.IO.FileNotFoundException(
                $"RasMfa cannot load {name.Name} {name.Version}: '{file}' is missing from the module's files. Reinstall the module.", file);
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = assemblyName.Name == null ? null : _locator.FindAssembly(assemblyName.Name);
            return path == null ? null : LoadFromAssemblyPath(path);
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            var path = _locator.FindNativeLibrary(unmanagedDllName);
            return path == null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
        }
    }
}
#endif
