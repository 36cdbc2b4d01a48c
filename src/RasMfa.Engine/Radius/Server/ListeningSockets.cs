using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// Opens the UDP sockets of one local address: one, or on Linux several bound to the same port with SO_REUSEPORT, among
    /// which the kernel spreads the clients by their address and port (each socket its own queue, read by its own thread).
    /// </summary>
    public static class ListeningSockets
    {
        // SO_REUSEPORT (asm-generic/socket.h); SOL_SOCKET is 1 there.
        private const int SolSocket = 1;
        private const int SoReusePort = 15;

        /// <summary>
        /// Whether several sockets can share a port here: Linux on the .NET 8 build. Windows has no SO_REUSEPORT (its
        /// SO_REUSEADDR would let another process take the port too), and the net472 build is Windows PowerShell's.
        /// </summary>
#if NET
        public static readonly bool CanSharePort = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
#else
        public static readonly bool CanSharePort = false;
#endif

        /// <summary>
        /// Binds <paramref name="count"/> sockets to <paramref name="address"/>:<paramref name="port"/> (one where the port
        /// cannot be shared), each with its receive buffer sized; the smallest buffer the kernel reports comes back in
        /// <paramref name="smallestBuffer"/>. Adds each socket to <paramref name="opened"/> as it is made, so that the caller
        /// closes them all should a later bind fail.
        /// </summary>
        public static void Open(IPAddress address, int port, int count, int receiveBufferBytes, ILogger logger, List<Socket> opened, ref int smallestBuffer)
        {
            bool share = count > 1 && CanSharePort;
            if (!share) count = 1;
            for (int i = 0; i < count; i++)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                opened.Add(socket);
                if (address.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = false;
                // Windows lets another process bind the same port (SO_REUSEADDR) and take our requests unless we hold it
                // exclusively; elsewhere a second bind fails anyway. (Not run on the Linux test machine.)
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) socket.ExclusiveAddressUse = true;
                if (share) SharePort(socket);
                smallestBuffer = Math.Min(smallestBuffer, ReceiveBuffer.Apply(socket, receiveBufferBytes, logger));
                socket.Bind(new IPEndPoint(address, port));
                // Port 0 asks for any free port: the first socket's, which the others then share.
                if (port == 0) port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            }
        }

        // Linux lets only sockets of the same user join a port's group, and only sockets that all asked for it before binding:
        // a bind by another user's process still fails as "address in use".
        private static void SharePort(Socket socket)
        {
#if NET
            socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
#endif
        }
    }
}
