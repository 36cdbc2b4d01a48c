using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// The UDP side: one socket per local address, a few receive loops on each. A loop handles its packet itself up to the
    /// first wait (the store's commit), then receives the next: no thread hand-off per packet, and several loops keep the
    /// cores busy while logins wait for their commit.
    /// </summary>
    public sealed class RadiusServer : IDisposable
    {
        private const int ReceiveBufferLength = RadiusPacket.MaxLength + 1;
        private readonly RequestProcessor _processor;
        private readonly ILogger _logger;
        private readonly List<Socket> _sockets = new List<Socket>();
        private readonly List<Task> _loops = new List<Task>();
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        public RadiusServer(RequestProcessor processor, ILogger logger)
        {
            _processor = processor;
            _logger = logger;
        }

        public IReadOnlyList<IPEndPoint> Endpoints => _sockets.Select(s => (IPEndPoint)s.LocalEndPoint!).ToList();

        /// <summary>Binds every address first, so a port in use fails the start as a whole.</summary>
        public void Start(IEnumerable<IPAddress> addresses, int port)
        {
            try
            {
                foreach (var address in addresses)
                {
                    var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                    if (address.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = false;
                    socket.Bind(new IPEndPoint(address, port));
                    _sockets.Add(socket);
                }
            }
            catch
            {
                foreach (var socket in _sockets) socket.Dispose();
                _sockets.Clear();
                throw;
            }
            int loopsPerSocket = Math.Max(2, Environment.ProcessorCount);
            foreach (var socket in _sockets)
                for (int i = 0; i < loopsPerSocket; i++) _loops.Add(Task.Run(() => ReceiveLoop(socket)));
        }

        private async Task ReceiveLoop(Socket socket)
        {
            var any = socket.AddressFamily == AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
            // One buffer per loop; each datagram is copied out at its own size (a RAS request is about 100 octets, the
            // buffer 4 KB), which keeps the garbage collector's work, and so its pauses, per packet small.
            var buffer = new byte[ReceiveBufferLength];
            while (!_stopping.IsCancellationRequested)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await socket.ReceiveFromAsync(new ArraySegment<byte>(buffer), SocketFlags.None, any).ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException e) when (_stopping.IsCancellationRequested || e.SocketErrorCode == SocketError.OperationAborted)
                {
                    return;
                }
                catch (SocketException e)
                {
                    // ICMP port-unreachable from an earlier reply surfaces here on some systems; the socket is still good.
                    _logger.LogDebug(e, "Receive on {Endpoint} reported {Error}; listening on.", socket.LocalEndPoint, e.SocketErrorCode);
                    continue;
                }
                var source = (IPEndPoint)received.RemoteEndPoint;
                // Not awaited: the loop goes back to receiving once the handler first waits.
                var datagram = new byte[received.ReceivedBytes];
                Buffer.BlockCopy(buffer, 0, datagram, 0, datagram.Length);
                _ = HandleAsync(socket, datagram, datagram.Length, source);
            }
        }

        private async Task HandleAsync(Socket socket, byte[] buffer, int length, IPEndPoint source)
        {
            try
            {
                var reply = await _processor.ProcessAsync(buffer, length, source, _stopping.Token).ConfigureAwait(false);
                if (reply != null) await socket.SendToAsync(new ArraySegment<byte>(reply), SocketFlags.None, source).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is ObjectDisposedException) || !_stopping.IsCancellationRequested)
            {
                _processor.Counters.CountDrop(DropReason.HandlerFault);
                _logger.LogError(e, "A packet from {Source} could not be handled.", source);
            }
            catch (ObjectDisposedException)
            {
                // Stopping: the socket closed under an in-flight reply.
            }
        }

        public void Dispose()
        {
            if (_stopping.IsCancellationRequested) return;
            _stopping.Cancel();
            foreach (var socket in _sockets) socket.Dispose();
            try
            {
                Task.WaitAll(_loops.ToArray(), TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // Loops end by exception when their socket closes; nothing to report.
            }
            _stopping.Dispose();
        }
    }
}
