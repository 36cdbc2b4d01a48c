using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace RasMfa.Engine.Security.Platform
{
    /// <summary>The one place that picks the platform: Windows gets ACLs and DPAPI, everything else owner-only modes.</summary>
    internal static class StorePlatforms
    {
        /// <param name="serviceSids">Windows: accounts besides SYSTEM and Administrators given full control of a new store folder (a service's SID).</param>
        public static IStorePlatform ForThisMachine(IEnumerable<string>? serviceSids = null) =>
            // RuntimeInformation rather than Environment.OSVersion: the net472 build also runs under Mono on Linux in tests.
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? new WindowsStorePlatform(serviceSids) : new UnixStorePlatform();
    }
}
