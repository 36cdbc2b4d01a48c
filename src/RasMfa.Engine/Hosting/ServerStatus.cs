using System;
using System.Collections.Generic;
using System.Net;
using RasMfa.Engine.Hosting.Control;
using RasMfa.Engine.Radius.Server;

namespace RasMfa.Engine.Hosting
{
    /// <summary>What Get-RasMfaRadiusServer shows.</summary>
    public sealed class ServerStatus
    {
        public bool Running { get; internal set; }

        /// <summary>The process that runs the listener: this session's, another session's or the service host's.</summary>
        public int ProcessId { get; internal set; }

        /// <summary>Session (Start-RasMfaRadiusServer in a PowerShell session) or Service (the service host).</summary>
        public ListenerKind Kind { get; internal set; }

        /// <summary>Where other sessions reach this listener: its Unix socket or named pipe; null when it has none.</summary>
        public string? ControlEndpoint { get; internal set; }

        /// <summary>How long the listener has run, as of when this status was read.</summary>
        public TimeSpan? Uptime => StartTimeUtc is DateTime started ? DateTime.UtcNow - started : (TimeSpan?)null;
        public IReadOnlyList<IPEndPoint> Endpoints { get; internal set; } = new IPEndPoint[0];
        public DateTime? StartTimeUtc { get; internal set; }
        public string? Database { get; internal set; }
        public int ClientCount { get; internal set; }
        public CounterSnapshot? Counters { get; internal set; }

        /// <summary>Access-Requests being decided now (MaxRequestsInFlight caps them).</summary>
        public int RequestsInFlight { get; internal set; }

        /// <summary>This listener's id on the store, new at every start: claims on requests (RAS active-active) are made under it.</summary>
        public string? ServerId { get; internal set; }

        /// <summary>Requests answered as another server on the store had decided the same request (RAS active-active sends each to both).</summary>
        public long DecidedElsewhere { get; internal set; }

        /// <summary>Requests another server claimed and left unanswered past DuplicateWaitSeconds (it stopped), decided here instead.</summary>
        public long ClaimsTakenOver { get; internal set; }

        /// <summary>
        /// The store's clock minus this machine's, as last measured (every minute): the listener times everything by the
        /// store's clock; past a few seconds it is logged as a warning, and this machine's clock wants setting right.
        /// </summary>
        public TimeSpan? StoreClockOffset { get; internal set; }

        /// <summary>Challenges open now in the store, over all clients and servers (MaxPendingChallenges caps them); counted at most a second ago.</summary>
        public int PendingChallenges { get; internal set; }

        /// <summary>The listening sockets' receive buffer as the kernel reports it (Linux reports twice the usable size).</summary>
        public int ReceiveBufferBytes { get; internal set; }

        /// <summary>
        /// Requests the operating system discarded before the listener read them, because the receive buffer was full: Linux
        /// only (from /proc/net/udp and udp6, since the start); null on Windows, which counts such losses only machine-wide.
        /// </summary>
        public long? KernelDrops { get; internal set; }

        /// <summary>Replies from upstream RADIUS servers ignored since the start (unsigned, forged, not ours), by reason.</summary>
        public IDictionary<string, long> UpstreamRepliesIgnored { get; internal set; } = new Dictionary<string, long>();

        /// <summary>
        /// Logins answered as StoreUnavailableAnswer says (no answer, or Reject; never Accept) because the store could not be
        /// read or written in time: its server unreachable, its write lock held elsewhere past StoreWriteTimeoutSeconds.
        /// </summary>
        public long StoreUnavailableLogins { get; internal set; }

        /// <summary>Audit records the store could not take in time (each logged at Error level in full).</summary>
        public long AuditRecordsNotWritten { get; internal set; }

        /// <summary>Of those, the ones still waiting in memory to be written once the store takes a write again.</summary>
        public int AuditRecordsWaiting { get; internal set; }
    }
}
