using System;
using System.Reflection;

namespace RasMfa.Cmdlets.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1 never reads a module's binding redirects: when an assembly asks for another version of a
    /// dependency than the one shipped, the module must answer as a redirect would. This decides when to answer.
    /// </summary>
    internal static class BindingPolicy
    {
        /// <summary>
        /// Answer with the shipped assembly when it is the same assembly (name and signing key) and either one of ours asked
        /// for it, or the version asked for is not newer than the shipped one: another module asking for a newer version
        /// is left to its own resolver rather than given an older copy.
        /// </summary>
        public static bool ShouldAnswer(AssemblyName requested, AssemblyName shipped, bool requestedByModule)
        {
            if (!string.Equals(requested.Name, shipped.Name, StringComparison.OrdinalIgnoreCase)) return false;
            // A satellite (resources) request names a culture; the module ships neutral assemblies only.
            if (!string.IsNullOrEmpty(requested.CultureName) && !string.Equals(requested.CultureName, shipped.CultureName, StringComparison.OrdinalIgnoreCase)) return false;
            var requestedToken = requested.GetPublicKeyToken();
            var shippedToken = shipped.GetPublicKeyToken();
            if (requestedToken != null && requestedToken.Length > 0)
            {
                if (!TokensEqual(requestedToken, shippedToken)) return false;
            }
            else if (shippedToken != null && shippedToken.Length > 0 && !requestedByModule)
            {
                return false; // a bare name from someone else is too loose to hand a signed assembly of ours
            }
            if (requestedByModule || requested.Version == null) return true;
            return shipped.Version != null && requested.Version <= shipped.Version;
        }

        private static bool TokensEqual(byte[] left, byte[]? right)
        {
            if (right == null || left.Length != right.Length) return false;
            for (int i = 0; i < left.Length; i++)
            {
                if (left[i] != right[i]) return false;
            }
            return true;
        }
    }
}
