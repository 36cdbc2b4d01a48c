using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Logging;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// The UDP side: per local address one socket (or, on Linux, several sharing the port), each read by dedicated receive
    /// threads rather than the thread pool. A thread handles its datagram itself up to the first wait (the store's commit, a
    /// first factor, a push): a request that needs none (a duplicate's cached answer, Status-Server, a drop) is decided and
    /// answered on that thread; one that waits is answered by whatever thread ends the wait, while the receive thread reads
    /// the next datagram. Stopping drains: new datagrams are no longer handled, the requests in flight are answered (for up
    /// to <see cref="DrainTimeout"/>), and only then are the sockets closed.
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
        private readonly List<Thread> _receivers = new List<Thread>();
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly CancellationToken _stoppingToken;
        private readonly Action<Task<byte[]?>, object?> _replyWhenDecided;
        private readonly object _idle = new object();
        private int _handling;
        private int _draining;

        public RadiusServer(RequestProcessor processor, ILogger logger)
        {
            _processor = processor;
            _logger = logger;
            _stoppingToken = _stopping.Token;
            _replyWhenDecided = ReplyWhenDecided;
        }

        /// <summary>The local endpoints, once each however many sockets share it.</summary>
        public IReadOnlyList<IPEndPoint> Endpoints => _sockets.Select(s => (IPEndPoint)s.LocalEndPoint!).Distinct().ToList();

        /// <summary>Sockets open, over all addresses (more than the endpoints where sockets share a port).</summary>
        public int SocketCount => _sockets.Count;

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

        /// <summary>
        /// Binds every address first, so a port in use fails the start as a whole.
        /// <paramref name="socketsPerAddress"/>: sockets sharing each address's port where the system allows it
        /// (<see cref="ListeningSockets.CanSharePort"/>), else one; 0 for <see cref="DefaultSocketsPerAddress"/>.
        /// <paramref name="threadsPerSocket"/>: receive threads reading each socket; 0 for enough to keep every core busy.
        /// </summary>
        public void Start(IEnumerable<IPAddress> addresses, int port, int receiveBufferBytes = 4 * 1024 * 1024, int socketsPerAddress = 0, int threadsPerSocket = 0)
        {
            if (socketsPerAddress < 0) throw new ArgumentOutOfRangeException(nameof(socketsPerAddress));
            if (threadsPerSocket < 0) throw new ArgumentOutOfRangeException(nameof(threadsPerSocket));
            if (socketsPerAddress == 0) socketsPerAddress = DefaultSocketsPerAddress;
            try
            {
                int smallest = int.MaxValue;
                foreach (var address in addresses)
                    ListeningSockets.Open(address, port, socketsPerAddress, receiveBufferBytes, _logger, _sockets, ref smallest);
                ReceiveBufferBytes = smallest == int.MaxValue ? 0 : smallest;
            }
            catch
            {
                foreach (var socket in _sockets) socket.Dispose();
                _sockets.Clear();
                throw;
            }
            // Enough threads per address to keep every core busy while others send or are descheduled; at least two, so
            // that a handler that blocks before its first wait does not stop the address.
            int sharing = _sockets.Count / Math.Max(1, _sockets.Select(s => s.LocalEndPoint).Distinct().Count());
            if (threadsPerSocket == 0) threadsPerSocket = Math.Max(1, (Math.Max(2, Environment.ProcessorCount) + sharing - 1) / sharing);
            foreach (var socket in _sockets)
            {
                for (int i = 0; i < threadsPerSocket; i++)
                {
                    var thread = new Thread(() => ReceiveLoop(socket)) { IsBackground = true, Name = "RasMfa RADIUS receive" };
                    _receivers.Add(thread);
                    thread.Start();
                }
            }
        }

        /// <summary>Sockets per address unless the caller says: one (the measurement behind it is in bench/RESULTS.md, issue 16).</summary>
        public static int DefaultSocketsPerAddress => 1;

        private void ReceiveLoop(Socket socket)
        {
            // One buffer per thread; each datagram is copied out at its own size (a RAS request is about 100 octets, the
            // buffer 4 KB), since a request that waits outlives the buffer's next use.
            var buffer = new byte[DatagramBufferLength];
#if NET
            var sources = new SourceAddressCache(socket.AddressFamily);
            var from = sources.NewReceiveAddress();
#else
            EndPoint any = socket.AddressFamily == AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
#endif
            while (!_stopping.IsCancellationRequested)
            {
                int length;
                IPEndPoint source;
                try
                {
#if NET
                    length = socket.ReceiveFrom(buffer.AsSpan(), SocketFlags.None, from);
                    source = sources.EndpointOf(from);
#else
                    EndPoint sender = any;
                    length = socket.ReceiveFrom(buffer, 0, buffer.Length, SocketFlags.None, ref sender);
                    source = (IPEndPoint)sender;
#endif
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (SocketException e)
                {
                    // ICMP port-unreachable from an earlier reply surfaces here on some systems; the socket is still good.
                    try
                    {
                        RadiusServerLog.ReceiveFailed(_logger, e, socket.LocalEndPoint, e.SocketErrorCode);
                    }
                    catch (Exception)
                    {
                        // A log sink that throws must not end the receive thread (see RequestFaultLog).
                    }
                    continue;
                }
                // Counted before looking at the stop flag (both interlocked), so a stop either sees this datagram in flight
                // and waits for it, or this thread sees the stop and leaves the datagram unanswered: the client retransmits
                // to another server or later.
                Interlocked.Increment(ref _handling);
                if (Stopping)
                {
                    Finished();
                    continue;
                }
                var datagram = new byte[length];
                Buffer.BlockCopy(buffer, 0, datagram, 0, length);
                try
                {
#if NET
                    Handle(socket, datagram, source, from);
#else
                    Handle(socket, datagram, source, null);
#endif
                }
                catch (Exception)
                {
                    // Handle answers or counts every fault itself (and has called Finished); whatever still escapes must not
                    // end this thread: an exception leaving a thread of our own ends the process.
                    _processor.Counters.CountDrop(DropReason.HandlerFault);
                }
            }
        }

        /// <summary>
        /// Decides one datagram: answered here when the processor needed no wait (its task is complete), else once it is
        /// decided, by the thread that completes it, while this one goes back to receiving.
        /// </summary>
        /// <param name="receivedFrom">The receive's own socket address, good only until this thread receives again: used for a reply sent now.</param>
        private void Handle(Socket socket, byte[] datagram, IPEndPoint source, object? receivedFrom)
        {
            Task<byte[]?> answering;
            try
            {
                answering = _processor.ProcessAsync(datagram, datagram.Length, source, _stoppingToken);
            }
            catch (Exception e)
            {
                // ProcessAsync reports its faults in its task; should one escape before, it is reported the same way.
                answering = Task.FromException<byte[]?>(e);
            }
            if (answering.IsCompleted)
            {
                try
                {
                    Reply(socket, answering, source, receivedFrom);
                }
                finally
                {
                    Finished();
                }
                return;
            }
            answering.ContinueWith(_replyWhenDecided, new PendingReply(socket, source), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        private void ReplyWhenDecided(Task<byte[]?> answering, object? state)
        {
            var pending = (PendingReply)state!;
            try
            {
                Reply(pending.Socket, answering, pending.Source, null);
            }
            finally
            {
                Finished();
            }
        }

        private void Reply(Socket socket, Task<byte[]?> answering, IPEndPoint source, object? receivedFrom)
        {
            try
            {
                var reply = answering.GetAwaiter().GetResult();
                if (reply == null) return;
                // UDP sends do not wait on the peer: a synchronous send costs less than an asynchronous one's bookkeeping.
#if NET
                if (receivedFrom is SocketAddress address)
                {
                    socket.SendTo(reply, SocketFlags.None, address);
                    return;
                }
#endif
                socket.SendTo(reply, SocketFlags.None, source);
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

        private void Finished()
        {
            if (Interlocked.Decrement(ref _handling) == 0)
                lock (_idle) Monitor.PulseAll(_idle);
        }

        /// <summary>Where a request that waits is answered once decided.</summary>
        private sealed class PendingReply
        {
            public PendingReply(Socket socket, IPEndPoint source)
            {
                Socket = socket;
                Source = source;
            }

            public Socket Socket { get; }

            public IPEndPoint Source { get; }
        }

        /// <summary>Stops: no new datagram is handled, the ones in flight are answered (up to <see cref="DrainTimeout"/>), then the sockets close.</summary>
        public void Dispose() => Stop(DrainTimeout);

        public void Stop(TimeSpan drainTimeout)
        {
            if (Interlocked.Exchange(ref _draining, 1) != 0) return;
            if (!WaitUntilIdle(drainTimeout))
                RadiusServerLog.DrainUnfinished(_logger, Handling, drainTimeout.TotalSeconds);
            _stopping.Cancel();
            // Closing a socket ends the receives blocked on it: each thread leaves by the exception it gets.
            foreach (var socket in _sockets) socket.Dispose();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            foreach (var thread in _receivers)
            {
                var left = deadline - DateTime.UtcNow;
                if (left > TimeSpan.Zero) thread.Join(left);
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
