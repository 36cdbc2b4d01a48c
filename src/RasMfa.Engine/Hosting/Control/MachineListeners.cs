using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>
    /// The listeners of this machine that this account may see, through their control endpoints: other sessions' and the
    /// service's. An endpoint left by a killed listener is found stale (nothing accepts on it), removed where it can be,
    /// and never shown; one that answers badly is reported as a problem, not as a listener.
    /// </summary>
    public static class MachineListeners
    {
        private static readonly Lazy<IControlTransport> Transport = new Lazy<IControlTransport>(ControlTransports.ForThisMachine);

        /// <summary>The listeners of processes other than <paramref name="exceptProcessId"/>, asked at once, by process id.</summary>
        public static IReadOnlyList<ListenerProbe> FindOthers(int exceptProcessId, CancellationToken cancellation = default)
        {
            var addresses = Transport.Value.Discover().Where(a => a.ProcessId != exceptProcessId).ToList();
            var probes = addresses.Select(address => Task.Run(() => Probe(address, cancellation))).ToArray();
            return probes.Select(p => p.GetAwaiter().GetResult()).Where(p => p != null).Select(p => p!).OrderBy(p => p.ProcessId).ToList();
        }

        /// <summary>The control endpoint of <paramref name="processId"/>'s listener; null when none answers.</summary>
        public static ControlAddress? Find(int processId) => Transport.Value.Discover().FirstOrDefault(a => a.ProcessId == processId);

        /// <summary>A listener's log lines after <paramref name="after"/>, then with <paramref name="follow"/> the new ones until cancelled.</summary>
        /// <exception cref="ControlEndpointGoneException">Its listener has gone.</exception>
        /// <exception cref="ControlProtocolException">It refused (its code says why).</exception>
        /// <exception cref="IOException">The connection broke or timed out.</exception>
        public static IEnumerable<LogEntry> ReadLog(ControlAddress address, long after, bool follow, CancellationToken cancellation) =>
            ControlClient.Log(Transport.Value, address, after, follow, cancellation);

        private static ListenerProbe? Probe(ControlAddress address, CancellationToken cancellation)
        {
            try
            {
                return new ListenerProbe(address, ControlClient.Status(Transport.Value, address, cancellation), null);
            }
            catch (ControlEndpointGoneException)
            {
                return null;
            }
            catch (Exception e) when (e is IOException || e is ControlProtocolException || e is UnauthorizedAccessException || e is System.Net.Sockets.SocketException
                || e is TimeoutException || e is PlatformNotSupportedException)
            {
                return new ListenerProbe(address, null, e.Message);
            }
        }
    }

    /// <summary>What one control endpoint said: the listener's status, or why it could not be read.</summary>
    public sealed class ListenerProbe
    {
        public ListenerProbe(ControlAddress address, ServerStatus? status, string? problem)
        {
            Address = address;
            Status = status;
            Problem = problem;
        }

        public ControlAddress Address { get; }
        public int ProcessId => Address.ProcessId;
        public ServerStatus? Status { get; }
        public string? Problem { get; }
    }
}
