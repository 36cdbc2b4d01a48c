using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace RasMfa.LoadGen
{
    /// <summary>A bare UDP echo on loopback: the most any UDP server in .NET can do on this machine, the benchmark's ceiling.</summary>
    internal static class EchoServer
    {
        public static void Run(int port, TimeSpan lifetime)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.ReceiveTimeout = 500;
            var buffer = new byte[4096];
            EndPoint remote = new IPEndPoint(IPAddress.Any, 0);
            var until = DateTime.UtcNow + lifetime;
            Console.WriteLine($"echo listening on 127.0.0.1:{port}");
            while (DateTime.UtcNow < until)
            {
                try
                {
                    int length = socket.ReceiveFrom(buffer, ref remote);
                    socket.SendTo(buffer, 0, length, SocketFlags.None, remote);
                }
                catch (SocketException)
                {
                    // timeout: check the lifetime and go on
                }
            }
        }
    }
}
