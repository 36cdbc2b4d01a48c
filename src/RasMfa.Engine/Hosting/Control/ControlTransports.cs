using System.Runtime.InteropServices;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>The one place that picks the control channel's transport for this machine.</summary>
    internal static class ControlTransports
    {
        public static IControlTransport ForThisMachine()
        {
            // RuntimeInformation rather than Environment.OSVersion: the net472 build also runs under Mono on Linux in tests.
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return new WindowsPipeTransport();
#if NET8_0_OR_GREATER
            return new UnixSocketTransport(UnixRuntimeFolders.ForThisProcess());
#else
            return new UnavailableControlTransport("The .NET Framework build has no Unix domain sockets: outside Windows, a listener is seen only by its own session.");
#endif
        }
    }
}
