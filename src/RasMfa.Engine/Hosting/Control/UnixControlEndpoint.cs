#if NET8_0_OR_GREATER
using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>
    /// A listener's Unix domain socket, mode 0600 in a folder only its owner can write: the file's mode keeps other users
    /// out, and each connection's peer is checked again (SO_PEERCRED: this user or root), so that a socket reached another
    /// way (a hard link, a mode changed by mistake) still answers no one else.
    /// </summary>
    internal sealed class UnixControlEndpoint : IControlEndpoint
    {
        private const uint OwnerOnlyFile = 0x180; // 0o600
        private readonly Socket _socket;
        private readonly uint _uid;

        public UnixControlEndpoint(string path, uint uid)
        {
            Address = path;
            _uid = uid;
            // The name holds this process's id: a file under it is a leftover of a process gone before us (killed -9).
            if (File.Exists(path)) File.Delete(path);
            _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                _socket.Bind(new UnixDomainSocketEndPoint(path));
                // Before the first connection can be taken; the folder is the owner's alone meanwhile.
                UnixNative.SetMode(path, OwnerOnlyFile);
                _socket.Listen(ControlLimits.MaxConnections);
            }
            catch
            {
                _socket.Dispose();
                throw;
            }
        }

        public string Address { get; }

        public async Task<ControlPeer> AcceptAsync(CancellationToken cancellation)
        {
            var accepted = await _socket.AcceptAsync(cancellation).ConfigureAwait(false);
            try
            {
                var peer = UnixPeerCredentials.Of(accepted);
                return new ControlPeer(new NetworkStream(accepted, ownsSocket: true), peer.UserId == _uid || peer.UserId == 0, peer.ToString());
            }
            catch (SocketException e)
            {
                // A peer the kernel cannot name is nobody we know.
                return new ControlPeer(new NetworkStream(accepted, ownsSocket: true), false, $"an unknown peer ({e.SocketErrorCode})");
            }
        }

        public void Dispose()
        {
            _socket.Dispose();
            try
            {
                File.Delete(Address);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Left behind, it is found stale (nothing accepts on it) and removed by the next client or listener.
            }
        }
    }
}
#endif
