using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Logging;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// Sizes a listening socket's receive buffer, which is what holds a burst of requests until a receive loop reads them;
    /// the operating system's default (about 200 KB on Linux, 64 KB on Windows) lost most of a 2,000-request burst.
    /// </summary>
    public static class ReceiveBuffer
    {
        // Linux's SO_RCVBUFFORCE (asm-generic/socket.h): like SO_RCVBUF, but past net.core.rmem_max; root or CAP_NET_ADMIN only.
        private const int SolSocket = 1;
        private const int SoRcvBufForce = 33;

        private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

        /// <summary>
        /// Linux's getsockopt reports twice the size set (the kernel's bookkeeping share). The net472 build is for Windows
        /// PowerShell; under Mono (its tests here) the size is reported as set, as on Windows.
        /// </summary>
#if NET
        public static readonly bool ReportsDoubled = IsLinux;
#else
        public static readonly bool ReportsDoubled = false;
#endif

        /// <summary>Asks for <paramref name="requested"/> octets and returns the size the kernel reports; warns when it gave less.</summary>
        public static int Apply(Socket socket, int requested, ILogger logger)
        {
            if (!TryForce(socket, requested))
            {
                try
                {
                    socket.ReceiveBufferSize = requested;
                }
                catch (SocketException)
                {
                    // Refused outright (some systems refuse a size beyond their limit rather than cap it): keep the default; warned below.
                }
            }
            int effective = socket.ReceiveBufferSize;
            if (WasCapped(requested, effective, ReportsDoubled))
            {
                RadiusServerLog.ReceiveBufferCapped(logger, socket.LocalEndPoint, effective, requested, IsLinux
                        ? $"the kernel caps it at net.core.rmem_max. Raise that (sysctl -w net.core.rmem_max={requested}, and in /etc/sysctl.d/ to keep it) and restart the listener, or run it as root."
                        : "the system refused the size. A burst of requests may be lost before they are read.");
            }
            return effective;
        }

        /// <summary>
        /// Linux reports twice the size set (the other half is its bookkeeping allowance), so a buffer set in full reads back
        /// as at least twice the request there; elsewhere as the request.
        /// </summary>
        public static bool WasCapped(int requested, int effective, bool linux) => effective < (linux ? 2L * requested : requested);

        private static bool TryForce(Socket socket, int requested)
        {
#if NET
            if (!IsLinux) return false;
            try
            {
                socket.SetRawSocketOption(SolSocket, SoRcvBufForce, BitConverter.GetBytes(requested));
                return true;
            }
            catch (SocketException)
            {
                // Not privileged: SO_RCVBUF below, within net.core.rmem_max.
                return false;
            }
#else
            return false;
#endif
        }
    }
}
