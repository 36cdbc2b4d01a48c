using System;
using System.Security.Cryptography.X509Certificates;
using RasMfa.Engine.Entra;

namespace RasMfa.Entra
{
    /// <summary>The application's certificate: from the Windows machine store by thumbprint, or from a PFX file.</summary>
    internal static class EntraCertificates
    {
        /// <summary>The one seam to the machine store (Windows only), replaced by tests that cannot have one.</summary>
        internal static Func<string, X509Certificate2?> MachineStoreLookup { get; set; } = FindInMachineStore;

        public static X509Certificate2 FromMachineStore(string thumbprint) =>
            MachineStoreLookup(thumbprint) ?? throw new EntraGraphException(
                $"No certificate with the thumbprint {thumbprint} and a private key is in the local machine's personal store (Cert:\\LocalMachine\\My).");

        public static X509Certificate2 FromFile(string path, byte[]? password)
        {
            try
            {
                var text = password == null ? null : System.Text.Encoding.UTF8.GetString(password);
                var certificate = new X509Certificate2(path, text, X509KeyStorageFlags.EphemeralKeySet);
                if (!certificate.HasPrivateKey) throw new EntraGraphException($"The certificate file '{path}' holds no private key.");
                return certificate;
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                throw new EntraGraphException($"The certificate file '{path}' could not be opened (wrong password, or not a PFX file): {e.Message}", null, e);
            }
            catch (System.IO.IOException e)
            {
                throw new EntraGraphException($"The certificate file '{path}' could not be read: {e.Message}", null, e);
            }
        }

        private static X509Certificate2? FindInMachineStore(string thumbprint)
        {
            using var store = new X509Store(StoreName.My, StoreLocation.LocalMachine);
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            foreach (var certificate in store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false))
                if (certificate.HasPrivateKey) return certificate;
            return null;
        }
    }
}
