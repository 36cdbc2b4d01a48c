#if NET8_0_OR_GREATER
using System;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>
    /// Who is at the other end of a connected Unix domain socket, as the kernel says: SO_PEERCRED on Linux (process, user),
    /// getpeereid on macOS and the BSDs (user only). Both ends use it: the listener to refuse other users, the client to
    /// check that the socket is served by the process its name says.
    /// </summary>
    internal readonly struct UnixPeerCredentials
    {
        private const int SolSocket = 1;   // Linux
        private const int SoPeerCred = 17; // Linux, every architecture but a few (mips, powerpc) that .NET does not run on

        private UnixPeerCredentials(int? processId, uint userId)
        {
            ProcessId = processId;
            UserId = userId;
        }

        /// <summary>Null where the system does not say (macOS).</summary>
        public int? ProcessId { get; }
        public uint UserId { get; }

        [DllImport("libc", EntryPoint = "getpeereid", SetLastError = true)]
        private static extern int GetPeerEffectiveIds(IntPtr socket, out uint userId, out uint groupId);

        /// <exception cref="SocketException">The system would not say.</exception>
        public static UnixPeerCredentials Of(Socket socket)
        {
            if (OperatingSystem.IsLinux())
            {
                var ucred = new byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
                if (socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) != ucred.Length) throw new SocketException((int)SocketError.ProtocolOption);
                return new UnixPeerCredentials(BitConverter.ToInt32(ucred, 0), BitConverter.ToUInt32(ucred, 4));
            }
            if (GetPeerEffectiveIds(socket.Handle, out var uid, out _) != 0) throw new SocketException(Marshal.GetLastWin32Error());
            return new UnixPeerCredentials(null, uid);
        }

        public override string ToString() =>
            $"user id {UserId.ToString(CultureInfo.InvariantCulture)}" + (ProcessId is int pid ? $", process {pid.ToString(CultureInfo.InvariantCulture)}" : "");
    }
}
#endif
