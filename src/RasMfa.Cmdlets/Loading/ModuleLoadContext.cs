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
