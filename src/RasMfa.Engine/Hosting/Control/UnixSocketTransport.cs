#if NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>Control sockets on Linux and macOS: rasmfa-&lt;pid&gt;.sock in the folders <see cref="UnixRuntimeFolders"/> trusts.</summary>
    internal sealed class UnixSocketTransport : IControlTransport
    {
        private static readonly Regex SocketName = new Regex(@"^rasmfa-([0-9]{1,10})\.sock$", RegexOptions.CultureInvariant);
        private readonly UnixRuntimeFolders _folders;
        private readonly uint _uid = UnixNative.EffectiveUserId();

        public UnixSocketTransport(UnixRuntimeFolders folders) => _folders = folders;

        public IControlEndpoint Open(int processId) =>
            new UnixControlEndpoint(Path.Combine(_folders.ForListener(), $"rasmfa-{processId.ToString(CultureInfo.InvariantCulture)}.sock"), _uid);

        public IReadOnlyList<ControlAddress> Discover()
        {
            var found = new List<ControlAddress>();
            foreach (var folder in _folders.ToSearch())
            {
                IEnumerable<string> files;
                try
                {
                    files = Directory.EnumerateFiles(folder).ToList();
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    continue;
                }
                foreach (var file in files)
                {
                    var match = SocketName.Match(Path.GetFileName(file));
                    if (match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                        found.Add(new ControlAddress(pid, file));
                }
            }
            return found;
        }

        public async Task<Stream> ConnectAsync(ControlAddress address, CancellationToken cancellation)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(address.Address), cancellation).ConfigureAwait(false);
                var server = UnixPeerCredentials.Of(socket);
                if (server.ProcessId is int pid && pid != address.ProcessId)
                    throw new IOException($"{address.Address} is served by process {pid}, not by process {address.ProcessId} as its name says: ignored.");
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused || e.SocketErrorCode == SocketError.AddressNotAvailable)
            {
                socket.Dispose();
                RemoveLeftover(address.Address);
                throw new ControlEndpointGoneException($"Nothing listens on {address.Address} (its process {address.ProcessId} is gone); the leftover socket file was removed.", e);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        private static void RemoveLeftover(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Another account's folder: it is ignored all the same, and its listener's next start replaces it.
            }
        }
    }
}
#endif
