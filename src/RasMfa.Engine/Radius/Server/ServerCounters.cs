using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>Live counters, updated lock-free from the packet path.</summary>
    public sealed class ServerCounters
    {
        private static readonly DropReason[] Reasons = (DropReason[])Enum.GetValues(typeof(DropReason));
        private readonly long[] _dropped = new long[Reasons.Length];
        private long _requests, _accepted, _rejected, _challenged, _duplicates, _statusServer, _uncached;

        public void CountRequest() => Interlocked.Increment(ref _requests);

        public void CountDuplicate() => Interlocked.Increment(ref _duplicates);

        public void CountUncached() => Interlocked.Increment(ref _uncached);

        public void CountStatusServer() => Interlocked.Increment(ref _statusServer);

        public long CountDrop(DropReason reason) => Interlocked.Increment(ref _dropped[(int)reason]);

        public void CountAnswer(RadiusCode code)
        {
            switch (code)
            {
                case RadiusCode.AccessAccept: Interlocked.Increment(ref _accepted); break;
                case RadiusCode.AccessReject: Interlocked.Increment(ref _rejected); break;
                case RadiusCode.AccessChallenge: Interlocked.Increment(ref _challenged); break;
            }
        }

        public CounterSnapshot Snapshot() => new CounterSnapshot(
            Interlocked.Read(ref _requests), Interlocked.Read(ref _accepted), Interlocked.Read(ref _rejected),
            Interlocked.Read(ref _challenged), Interlocked.Read(ref _duplicates), Interlocked.Read(ref _statusServer),
            Reasons.ToDictionary(r => r.ToString(), r => Interlocked.Read(ref _dropped[(int)r])))
        {
            Uncached = Interlocked.Read(ref _uncached),
        };
    }

    /// <summary>Counters at one moment, as Get-RasMfaRadiusServer shows them.</summary>
    public sealed class CounterSnapshot
    {
        public CounterSnapshot(long requests, long accepted, long rejected, long challenged, long duplicates, long statusServer, IDictionary<string, long> droppedByReason)
        {
            Requests = requests;
            Accepted = accepted;
            Rejected = rejected;
            Challenged = challenged;
            Duplicates = duplicates;
            StatusServer = statusServer;
            DroppedByReason = droppedByReason;
        }

        public long Requests { get; }
        public long Accepted { get; }
        public long Rejected { get; }
        public long Challenged { get; }
        public long Duplicates { get; }
        public long StatusServer { get; }

        /// <summary>Requests handled without duplicate detection because the duplicate cache was full (a flood).</summary>
        public long Uncached { get; internal set; }
        public long Dropped => DroppedByReason.Values.Sum();
        public IDictionary<string, long> DroppedByReason { get; }
    }
}
