using System;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// Datagrams the kernel discarded for a socket before the listener read them (its receive buffer was full), where the
    /// operating system tells: on Linux, the drops column of /proc/net/udp and /proc/net/udp6, found by the socket's inode.
    /// Windows counts such losses only for the whole machine (netstat -s, "Receive Errors"), not per socket: null there.
    /// </summary>
    public static class KernelDropCounter
    {
        private const int InodeColumn = 9;
        private const int DropsColumn = 12;

        /// <summary>The socket's kernel drops since it was created, or null where they cannot be read.</summary>
        public static long? Of(Socket socket)
        {
#if NET
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return null;
            try
            {
                long? inode = InodeOf(socket);
                if (inode == null) return null;
                var table = socket.AddressFamily == AddressFamily.InterNetworkV6 ? "/proc/net/udp6" : "/proc/net/udp";
                return Parse(File.ReadAllText(table), inode.Value);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ObjectDisposedException)
            {
                return null;
            }
#else
            return null;
#endif
        }

        /// <summary>The drops column of the row whose inode is <paramref name="inode"/> in a /proc/net/udp table; null when no row has it.</summary>
        public static long? Parse(string table, long inode)
        {
            var inodeText = inode.ToString(CultureInfo.InvariantCulture);
            foreach (var line in table.Split('\n'))
            {
                var columns = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > DropsColumn && columns[InodeColumn] == inodeText &&
                    long.TryParse(columns[DropsColumn], NumberStyles.None, CultureInfo.InvariantCulture, out long drops))
                {
                    return drops;
                }
            }
            return null;
        }

#if NET
        // /proc/self/fd/N links to "socket:[inode]"; on Linux a Socket's handle is its file descriptor.
        private static long? InodeOf(Socket socket)
        {
            var target = new FileInfo("/proc/self/fd/" + socket.Handle.ToInt64().ToString(CultureInfo.InvariantCulture)).LinkTarget;
            if (target == null || !target.StartsWith("socket:[", StringComparison.Ordinal) || !target.EndsWith("]", StringComparison.Ordinal)) return null;
            return long.TryParse(target.Substring(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out long inode) ? inode : (long?)null;
        }
#endif
    }
}
