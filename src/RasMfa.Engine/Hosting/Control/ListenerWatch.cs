using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>
    /// What Get-RasMfaRadiusServer shows: this process's listener (as it always did) and those of other processes on this
    /// machine, reached through their control channels; and which listener's log -Log reads.
    /// </summary>
    public static class ListenerWatch
    {
        public const string NotFoundId = "ServerNotFound";
        public const string ProcessIdRequiredId = "ProcessIdRequired";
        public const string ControlChannelFailedId = "ControlChannelFailed";

        /// <summary>
        /// This process's listener first when it runs, then the others by process id; when none runs anywhere, this process's
        /// (Running false) alone, as before there was a control channel. With <paramref name="processId"/>, that one only.
        /// </summary>
        /// <param name="problems">Endpoints that did not answer as a listener should, each with why.</param>
        /// <exception cref="EngineException">NotFound: no listener runs in <paramref name="processId"/>.</exception>
        public static IReadOnlyList<ServerStatus> Statuses(int? processId, out IReadOnlyList<string> problems)
        {
            var own = RasMfaServerHost.Status();
            problems = Array.Empty<string>();
            if (processId == own.ProcessId)
            {
                if (own.Running) return new[] { own };
                throw NotFound(processId.Value);
            }
            var others = MachineListeners.FindOthers(own.ProcessId).Where(p => processId == null || p.ProcessId == processId).ToList();
            problems = others.Where(p => p.Problem != null).Select(p => $"The listener endpoint {p.Address.Address} (process {p.ProcessId}) did not answer: {p.Problem}").ToList();
            var statuses = others.Where(p => p.Status != null).Select(p => p.Status!).ToList();
            if (processId != null)
            {
                if (statuses.Count == 0 && problems.Count == 0) throw NotFound(processId.Value);
                return statuses;
            }
            if (own.Running || (statuses.Count == 0 && problems.Count == 0)) statuses.Insert(0, own);
            return statuses;
        }

        /// <summary>
        /// A listener's log lines after <paramref name="after"/> (then, with <paramref name="follow"/>, the new ones until
        /// cancelled): <paramref name="processId"/>'s; without it this process's, unless this process never ran a listener
        /// and exactly one other runs.
        /// </summary>
        /// <exception cref="EngineException">NotFound; ProcessIdRequired (several listeners run elsewhere); ControlChannelFailed.</exception>
        public static IEnumerable<LogEntry> Log(int? processId, long after, bool follow, CancellationToken cancellation)
        {
            var ownId = ControlServer.CurrentProcessId;
            if (processId == ownId || (processId == null && (RasMfaServerHost.IsRunning || RasMfaServerHost.Log.Since(0).Count > 0)))
                return OwnLog(after, follow, cancellation);
            ControlAddress address;
            if (processId is int wanted)
            {
                address = MachineListeners.Find(wanted) ?? throw NotFound(wanted);
            }
            else
            {
                var running = MachineListeners.FindOthers(ownId, cancellation).Where(p => p.Status != null).ToList();
                if (running.Count == 0) return Enumerable.Empty<LogEntry>();
                if (running.Count > 1)
                    throw new EngineException(EngineErrorKind.InvalidArgument, ProcessIdRequiredId,
                        $"Several listeners run on this machine (processes {string.Join(", ", running.Select(p => p.ProcessId))}) and none in this session: choose one with -ProcessId.");
                address = running[0].Address;
            }
            return RemoteLog(address, after, follow, cancellation);
        }

        private static IEnumerable<LogEntry> OwnLog(long after, bool follow, CancellationToken cancellation)
        {
            var last = after;
            while (true)
            {
                foreach (var entry in RasMfaServerHost.Log.Since(last))
                {
                    last = entry.Sequence;
                    yield return entry;
                }
                if (!follow || cancellation.WaitHandle.WaitOne(ControlLimits.FollowPollInterval)) yield break;
            }
        }

        private static IEnumerable<LogEntry> RemoteLog(ControlAddress address, long after, bool follow, CancellationToken cancellation)
        {
            using var entries = MachineListeners.ReadLog(address, after, follow, cancellation).GetEnumerator();
            while (true)
            {
                LogEntry entry;
                try
                {
                    if (!entries.MoveNext()) yield break;
                    entry = entries.Current;
                }
                catch (ControlEndpointGoneException)
                {
                    throw NotFound(address.ProcessId);
                }
                catch (Exception e) when (e is IOException || e is ControlProtocolException || e is UnauthorizedAccessException || e is System.Net.Sockets.SocketException)
                {
                    throw new EngineException(EngineErrorKind.Unavailable, ControlChannelFailedId,
                        $"The log of the listener in process {address.ProcessId} could not be read through {address.Address}: {e.Message}", e, address.Address);
                }
                yield return entry;
            }
        }

        private static EngineException NotFound(int processId) =>
            new EngineException(EngineErrorKind.NotFound, NotFoundId, $"No RasMfa RADIUS listener runs in process {processId} (or this account may not see it).", target: processId);
    }
}
