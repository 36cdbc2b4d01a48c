using System;
using System.Reflection;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Entra
{
    /// <summary>
    /// Loads RasMfa.Entra (Microsoft.Graph, Azure.Identity, Azure.Core, MSAL) the first time an Entra operation needs it, by
    /// name, from where the engine itself was loaded: on PowerShell 7 the module's own load context, so other modules'
    /// versions of those assemblies are neither used nor disturbed; Import-Module and a listener without Entra never load them.
    /// </summary>
    public static class EntraGateway
    {
        private const string AssemblyName = "RasMfa.Entra";
        private const string FactoryTypeName = "RasMfa.Entra.GraphEntraFactory";
        private static readonly object Gate = new object();
        private static IEntraGraphFactory? _factory;

        /// <summary>
        /// Tests only: the loopback stubs that stand for the token endpoint and Graph, and the CA their certificates chain to.
        /// Not public, so that no other module in the session can point the secret elsewhere through an API of ours (the
        /// Pester tests set it by reflection, which any code inside the admin's process could use for anything else too).
        /// </summary>
        internal static EntraTestEndpoints? TestEndpoints { get; set; }

        public static IEntraGraphFactory Factory
        {
            get
            {
                lock (Gate)
                {
                    return _factory ??= Load();
                }
            }
        }

        /// <summary>Where <paramref name="tenant"/>'s cloud is (or the test stubs, when set).</summary>
        public static EntraConnection ConnectionFor(EntraTenantDefinition tenant)
        {
            var test = TestEndpoints;
            if (test != null) return new EntraConnection(tenant, test.AuthorityHost, test.GraphRoot) { TrustedTestCa = test.TrustedCa, RetryDelaySeconds = 1 };
            return new EntraConnection(tenant, EntraClouds.AuthorityHost(tenant.Cloud), EntraClouds.GraphRoot(tenant.Cloud));
        }

        private static IEntraGraphFactory Load()
        {
            try
            {
                var name = new AssemblyName(AssemblyName);
#if NET
                var context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof(EntraGateway).Assembly) ?? System.Runtime.Loader.AssemblyLoadContext.Default;
                var assembly = context.LoadFromAssemblyName(name);
#else
                var assembly = Assembly.Load(name);
#endif
                var type = assembly.GetType(FactoryTypeName, throwOnError: true)!;
                return (IEntraGraphFactory)Activator.CreateInstance(type)!;
            }
            catch (Exception e) when (e is System.IO.FileNotFoundException || e is System.IO.FileLoadException || e is BadImageFormatException || e is TypeLoadException)
            {
                throw new EngineException(EngineErrorKind.Unavailable, "EntraComponentMissing",
                    $"RasMfa's Entra ID component ({AssemblyName}) could not be loaded: {e.Message} Reinstall the module.", e);
            }
        }
    }

    /// <summary>Tests only: stand-ins for a cloud's sign-in host and Graph root.</summary>
    internal sealed class EntraTestEndpoints
    {
        public EntraTestEndpoints(Uri authorityHost, Uri graphRoot, System.Security.Cryptography.X509Certificates.X509Certificate2 trustedCa)
        {
            AuthorityHost = authorityHost;
            GraphRoot = graphRoot;
            TrustedCa = trustedCa;
        }

        public Uri AuthorityHost { get; }
        public Uri GraphRoot { get; }
        public System.Security.Cryptography.X509Certificates.X509Certificate2 TrustedCa { get; }
    }
}
