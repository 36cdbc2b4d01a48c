using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace RasMfa.Engine.Security.Platform
{
    /// <summary>The one place that picks the platform: Windows gets ACLs and DPAPI, everything else owner-only modes.</summary>
    internal static class StorePlatforms
    {
        /// <summary>S-1-5-80-... of NT SERVICE\RasMfa, the service's default (virtual) account: the SHA-1 of "RASMFA" in UTF-16 (Hosting/Service/WindowsServiceSid computes it; a test checks they agree).</summary>
        internal const string RasMfaServiceSid = "S-1-5-80-331520372-2418120906-4043258042-1723460651-2817720845";

        /// <param name="serviceSids">Windows: accounts besides SYSTEM and Administrators given full control of a new store folder (a service's SID);
        /// by default the RasMfa service's virtual account, which Install-RasMfaService grants the store, so that sessions accept it there.</param>
        public static IStorePlatform ForThisMachine(IEnumerable<string>? serviceSids = null) =>
            // RuntimeInformation rather than Environment.OSVersion: the net472 build also runs under Mono on Linux in tests.
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? new WindowsStorePlatform(serviceSids ?? new[] { RasMfaServiceSid }) : new UnixStorePlatform();
    }
}
