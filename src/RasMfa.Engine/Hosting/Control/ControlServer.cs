using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Logging;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>
    /// A running listener's control endpoint, served in the background: at most <see cref="ControlLimits.MaxConnections"/>
    /// connections at once (one more is told Busy and closed), each bounded by <see cref="ControlConnection"/>. Nothing a
    /// client does reaches the RADIUS path: a connection reads the status and the in-memory log, nothing else. Refused
    /// connections and broken requests are logged at a rate limit, so a client in a loop cannot fill the log.
    /// </summary>
    internal sealed class ControlServer : IDisposable
    {
        private readonly IControlEndpoint _endpoint;
        private readonly Func<ServerStatus> _status;
        private readonly MemoryLog _log;
        private readonly ILogger _logger;
        private readonly RateLimitedLog _refusals = new RateLimitedLog(TimeSpan.FromSeconds(10));
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private int _open;

        public ControlServer(IControlEndpoint endpoint, Func<ServerStatus> status, MemoryLog log, ILogger logger)
        {
            _endpoint = endpoint;
            _status = status;
            _log = log;
            _logger = logger;
            Task.Run(AcceptLoopAsync);
        }

        public string Address => _endpoint.Address;

        /// <summary>
        /// Opens this process's control endpoint and serves it; null, with a warning in the log, where it cannot be had: the
        /// channel is for watching, and a listener is never kept from serving logins for want of it.
        /// </summary>
        public static ControlServer? TryOpen(Func<ServerStatus> status, MemoryLog log, ILogger logger)
        {
            try
            {
                var endpoint = ControlTransports.ForThisMachine().Open(CurrentProcessId);
                logger.LogInformation("Control channel at {Address}, for this account and administrators: Get-RasMfaRadiusServer in other sessions sees this listener.", endpoint.Address);
                return new ControlServer(endpoint, status, log, logger);
            }
            catch (Exception e)
            {
                logger.LogWarning("No control channel: {Reason} Other sessions will not see this listener; it serves logins all the same.", e.Message);
                return null;
            }
        }

        public static int CurrentProcessId
        {
            get
            {
                using var process = System.Diagnostics.Process.GetCurrentProcess();
                return process.Id;
            }
        }

        /// <summary>Connections being served now.</summary>
        public int OpenConnections => Volatile.Read(ref _open);

        private async Task AcceptLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                ControlPeer peer;
                try
                {
                    peer = await _endpoint.AcceptAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    // A background thread never throws into the process: the channel stops, the listener goes on.
                    _logger.LogWarning("The control channel at {Address} stopped taking connections: {Error}. The listener goes on; other sessions no longer see it.",
                        _endpoint.Address, e.Message);
                    return;
                }
                _ = Task.Run(() => ServeAsync(peer));
            }
        }

        private async Task ServeAsync(ControlPeer peer)
        {
            var open = Interlocked.Increment(ref _open);
            try
            {
                var connection = new ControlConnection(peer.Stream, _status, _log, _stop.Token);
                if (!peer.Allowed)
                {
                    await connection.RefuseAsync(ControlProtocolException.NotAllowed, "Only the account that runs the listener and root may use its control channel.").ConfigureAwait(false);
                    Refused($"{peer.Who} is not the listener's account nor root");
                }
                else if (open > ControlLimits.MaxConnections)
                {
                    await connection.RefuseAsync(ControlProtocolException.Busy, $"{ControlLimits.MaxConnections} connections are open already; try again later.").ConfigureAwait(false);
                    Refused($"{ControlLimits.MaxConnections} connections were open already");
                }
                else if (await connection.ServeAsync().ConfigureAwait(false) is string problem)
                {
                    Refused(problem);
                }
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is OperationCanceledException)
            {
                // The client went away, or its time was up: the stream is closed, nothing else to do.
            }
            catch (Exception e)
            {
                Refused($"{e.GetType().Name}: {e.Message}");
            }
            finally
            {
                peer.Stream.Dispose();
                Interlocked.Decrement(ref _open);
            }
        }

        private void Refused(string why)
        {
            var turn = _refusals.Occurred();
            if (!turn.Write) return;
            if (turn.SuppressedBefore > 0)
                _logger.LogWarning("Refused a control connection: {Reason} ({Suppressed} more refused since the last such line).", why, turn.SuppressedBefore);
            else
                _logger.LogWarning("Refused a control connection: {Reason}.", why);
        }

        public void Dispose()
        {
            // Not waiting for the connections: they end as their streams close, and a status being read may need the host's lock.
            _stop.Cancel();
            _endpoint.Dispose();
        }
    }
}
