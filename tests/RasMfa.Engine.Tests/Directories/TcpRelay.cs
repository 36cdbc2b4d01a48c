#if NET8_0_OR_GREATER
using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace RasMfa.Engine.Tests.Directories
{
    /// <summary>
    /// Passes TCP connections from a loopback port on to a real server, byte for byte (TLS included), and can reset them
    /// all at once: a directory closing idle connections, without waiting AD's 15 minutes.
    /// </summary>
    internal sealed class TcpRelay : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly IPEndPoint _target;
        private readonly ConcurrentDictionary<Socket, bool> _sockets = new ConcurrentDictionary<Socket, bool>();
        private readonly Task _accepting;

        public TcpRelay(IPEndPoint target)
        {
            _target = target;
            _listener.Start();
            _accepting = Task.Run(AcceptAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public void DropConnections()
        {
            foreach (var socket in _sockets.Keys)
            {
                if (!_sockets.TryRemove(socket, out _)) continue;
                try
                {
                    socket.LingerState = new LingerOption(true, 0);
                }
                catch (ObjectDisposedException)
                {
                }
                socket.Dispose();
            }
        }

        private async Task AcceptAsync()
        {
            while (true)
            {
                Socket inbound;
                try
                {
                    inbound = await _listener.AcceptSocketAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is ObjectDisposedException || e is SocketException)
                {
                    return;
                }
                var outbound = new Socket(_target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await outbound.ConnectAsync(_target).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    inbound.Dispose();
                    outbound.Dispose();
                    continue;
                }
                _sockets[inbound] = true;
                _sockets[outbound] = true;
                _ = Task.Run(() => PumpAsync(inbound, outbound));
                _ = Task.Run(() => PumpAsync(outbound, inbound));
            }
        }

        private async Task PumpAsync(Socket from, Socket to)
        {
            var buffer = new byte[16384];
            try
            {
                while (true)
                {
                    int read = await from.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                    if (read == 0) break;
                    await to.SendAsync(new ArraySegment<byte>(buffer, 0, read), SocketFlags.None).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
            }
            foreach (var socket in new[] { from, to })
            {
                if (_sockets.TryRemove(socket, out _)) socket.Dispose();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            DropConnections();
            _accepting.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
#endif
