using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace RasMfa.Cmdlets.Loading
{
    /// <summary>
    /// The module's loader, registered by the .psm1 before PowerShell reads the cmdlets (whose types name the engine's), and
    /// again, harmlessly, by OnImport: this assembly stays where PowerShell loaded it, and the engine with its dependencies
    /// is loaded from bin/&lt;framework&gt;/dependencies by the module's own rules (a load context on PowerShell 7, a
    /// resolver on Windows PowerShell 5.1).
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        internal const string EngineAssemblyName = "RasMfa.Engine";
        private static readonly object Gate = new object();
        private static bool _registered;

        public void OnImport() => Register();

        public void OnRemove(PSModuleInfo psModuleInfo) => StopListener();

        /// <summary>The folder the engine and its dependencies are loaded from.</summary>
        public static string DependencyFolder
        {
            get
            {
                var cmdletsFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? AppContext.BaseDirectory;
                return Path.Combine(cmdletsFolder, DependencyLocator.FolderName);
            }
        }

        /// <summary>The engine assembly, loaded by the module's rules; PowerShell 7's [type] literals cannot see it in its load context.</summary>
        public static Assembly EngineAssembly
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get
            {
                Register();
                return typeof(RasMfa.Engine.Hosting.RasMfaServerHost).Assembly;
            }
        }

        /// <summary>Stops a listener this session started (the module's OnRemove calls this too, so its port is released).</summary>
        public static void StopListener()
        {
            lock (Gate)
            {
                if (!_registered) return;
            }
            StopEngineListener();
        }

        /// <summary>Registers the loader; the module's .psm1 calls this before PowerShell reads the cmdlets. Idempotent.</summary>
        public static void Register()
        {
            lock (Gate)
            {
                if (_registered) return;
                var locator = RunningPlatform.LocatorFor(DependencyFolder);
#if NET8_0_OR_GREATER
                var context = new ModuleLoadContext(locator);
                System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += (defaultContext, name) =>
                    string.Equals(name.Name, EngineAssemblyName, StringComparison.Ordinal) ? context.LoadShipped(name) : null;
#else
                var moduleFolder = Path.GetFullPath(Path.Combine(DependencyFolder, "..")).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
                var resolver = new FrameworkAssemblyResolver(locator, moduleFolder);
                AppDomain.CurrentDomain.AssemblyResolve += resolver.Resolve;
#endif
                _registered = true;
            }
        }

        // Kept out of line: the engine is resolved only when this runs, after Register.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void StopEngineListener() => RasMfa.Engine.Hosting.RasMfaServerHost.Stop();
    }
}
