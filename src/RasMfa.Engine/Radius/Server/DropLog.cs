using System;
using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>Logs discarded packets at most once per reason per interval, with how many were dropped since, so a flood cannot fill the log.</summary>
    public sealed class DropLog
    {
        private readonly ILogger _logger;
        private readonly TimeSpan _interval;
        private readonly ConcurrentDictionary<DropReason, DateTime> _lastLogged = new ConcurrentDictionary<DropReason, DateTime>();
        private readonly ConcurrentDictionary<DropReason, long> _sinceLast = new ConcurrentDictionary<DropReason, long>();

        public DropLog(ILogger logger, TimeSpan interval)
        {
            _logger = logger;
            _interval = interval;
        }

        public void Dropped(DropReason reason, IPEndPoint source, string detail)
        {
            var suppressed = _sinceLast.AddOrUpdate(reason, 1, (_, n) => n + 1);
            var now = DateTime.UtcNow;
            var last = _lastLogged.GetOrAdd(reason, DateTime.MinValue);
            if (now - last < _interval || !_lastLogged.TryUpdate(reason, now, last)) return;
            _sinceLast[reason] = 0;
            _logger.LogWarning("Discarded a packet from {Source}: {Reason} ({Detail}); {Count} discarded for this reason since the last message.",
                source, reason, detail, suppressed);
        }
    }
}
