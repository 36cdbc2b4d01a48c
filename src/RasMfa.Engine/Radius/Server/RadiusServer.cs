using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Logging;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// The UDP side: one socket per local address, a few receive loops on each. A loop handles its packet itself up to the
    /// first wait (the store's commit), then receives the next: no thread hand-off per packet, and several loops keep the
    /// cores busy while logins wait for their commit. Stopping drains: new datagrams are no longer handled, the requests in
    /// flight are answered (for up to <see cref="DrainTimeout"/>), and only then are the sockets closed.
    /// </summary>
    public sealed class RadiusServer : IDisposable
    {
        /// <summary>
        /// How long a stop waits for requests in flight. A directory bind or the store's commit ends well within it; a request
        /// still undecided after 5 s is past most clients' per-packet timeout (RAS's default is 5 s), and an admin waits on it.
        /// </summary>
        public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

        private const int DatagramBufferLength = RadiusPacket.MaxLength + 1;
        private readonly RequestProcessor _processor;
        private readonly ILogger _logger;
        private readonly List<Socket> _sockets = new List<Socket>();
        private readonly List<Task> _loops = new List<Task>();
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly object _idle = new object();
        private int _handling;
        private int _draining;

        public RadiusServer(RequestProcessor processor, ILogger logger)
        {
            _processor = processor;
            _logger = logger;
        }

        public IReadOnlyList<IPEndPoint> Endpoints => _sockets.Select(s => (IPEndPoint)s.LocalEndPoint!).ToList();

        /// <summary>The smallest receive buffer the kernel reports over the sockets, in octets.</summary>
        public int ReceiveBufferBytes { get; private set; }

        /// <summary>True from the moment a stop begins: datagrams received from then on are not handled.</summary>
        public bool Stopping => Volatile.Read(ref _draining) != 0;

        /// <summary>Datagrams received and not yet answered or discarded.</summary>
        public int Handling => Volatile.Read(ref _handling);

        /// <summary>Datagrams the kernel discarded, over all sockets, because the receive buffer was full; null where the system does not tell.</summary>
        public long? KernelDrops
        {
            get
            {
                long total = 0;
                foreach (var socket in _sockets)
                {
                    var drops = KernelDropCounter.Of(socket);
                    if (drops == null) return null;
                    total += drops.Value;
                }
                return total;
            }
        }

        /// <summary>Binds every address first, so a port in use fails the start as a whole.</summary>
        public void Start(IEnumerable<IPAddress> addresses, int port, int receiveBufferBytes = 4 * 1024 * 1024)
        {
            try
            {
                int smallest = int.MaxValue;
                foreach (var address in addresses)
                {
                    var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                    _sockets.Add(socket);
                    if (address.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = false;
                    // Windows lets another process bind the same port (SO_REUSEADDR) and take our requests unless we hold it
                    // exclusively; elsewhere a second bind fails anyway. (Not run on the Linux test machine.)
                    if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) socket.ExclusiveAddressUse = true;
                    smallest = Math.Min(smallest, ReceiveBuffer.Apply(socket, receiveBufferBytes, _logger));
                    socket.Bind(new IPEndPoint(address, port));
                }
                ReceiveBufferBytes = smallest == int.MaxValue ? 0 : smallest;
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
            var buffer = new byte[DatagramBufferLength];
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
                // Counted before looking at the stop flag (both interlocked), so a stop either sees this datagram in flight
                // and waits for it, or this loop sees the stop and leaves the datagram unanswered: the client retransmits
                // to another server or later.
                Interlocked.Increment(ref _handling);
                if (Stopping)
                {
                    Finished();
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
                await HandleOneAsync(socket, buffer, length, source).ConfigureAwait(false);
            }
            finally
            {
                Finished();
            }
        }

        private void Finished()
        {
            if (Interlocked.Decrement(ref _handling) == 0)
                lock (_idle) Monitor.PulseAll(_idle);
        }

        private async Task HandleOneAsync(Socket socket, byte[] buffer, int length, IPEndPoint source)
        {
            try
            {
                var reply = await _processor.ProcessAsync(buffer, length, source, _stopping.Token).ConfigureAwait(false);
                if (reply != null) await socket.SendToAsync(new ArraySegment<byte>(reply), SocketFlags.None, source).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is ObjectDisposedException || e is OperationCanceledException) || !_stopping.IsCancellationRequested)
            {
                _processor.Counters.CountDrop(DropReason.HandlerFault);
                _processor.Faults.Failed(e, client: null, source);
            }
            catch (Exception)
            {
                // Stopping after the drain's time ran out: the request was cancelled, or the socket closed under its reply.
            }
        }

        /// <summary>Stops: no new datagram is handled, the ones in flight are answered (up to <see cref="DrainTimeout"/>), then the sockets close.</summary>
        public void Dispose() => Stop(DrainTimeout);

        public void Stop(TimeSpan drainTimeout)
        {
            if (Interlocked.Exchange(ref _draining, 1) != 0) return;
            if (!WaitUntilIdle(drainTimeout))
                _logger.LogWarning(LogEvents.DrainUnfinished, "Stopping with {Count} requests still undecided after {Seconds} s; they get no answer.", Handling, drainTimeout.TotalSeconds);
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

        private bool WaitUntilIdle(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            lock (_idle)
            {
                while (Volatile.Read(ref _handling) > 0)
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero) return false;
                    Monitor.Wait(_idle, left);
                }
            }
            return true;
        }
    }
}
