using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Logging;
using RasMfa.Engine.Radius.Client;

namespace RasMfa.Engine.FirstFactors
{
    /// <summary>
    /// Counts the upstream replies that were ignored, by reason, and logs them at most once per server and reason per
    /// interval (with how many since), so that a flood of forged replies cannot fill the log.
    /// </summary>
    public sealed class UpstreamReplyLog
    {
        private readonly ILogger _logger;
        private readonly ConcurrentDictionary<ReplyDiscard, long> _totals = new ConcurrentDictionary<ReplyDiscard, long>();
        private readonly ConcurrentDictionary<(string, ReplyDiscard), RateLimitedLog> _byServerAndReason = new ConcurrentDictionary<(string, ReplyDiscard), RateLimitedLog>();
        private readonly Func<(string, ReplyDiscard), RateLimitedLog> _newLimit;

        public UpstreamReplyLog(ILogger logger, TimeSpan interval, Func<DateTime>? clock = null)
        {
            _logger = logger;
            _newLimit = _ => new RateLimitedLog(interval, clock: clock);
        }

        /// <summary>Counts without logging: for checkers made outside a listener.</summary>
        public static UpstreamReplyLog Silent { get; } = new UpstreamReplyLog(NullLogger.Instance, TimeSpan.MaxValue);

        public void Discarded(string server, DiscardTally tally)
        {
            foreach (var pair in tally.ByReason)
            {
                _totals.AddOrUpdate(pair.Key, pair.Value, (_, n) => n + pair.Value);
                var turn = _byServerAndReason.GetOrAdd((server, pair.Key), _newLimit).Occurred(pair.Value);
                if (!turn.Write) continue;
                _logger.LogWarning(LogEvents.UpstreamRepliesIgnored, "Ignored a reply from upstream RADIUS server {Server}: {Reason}; {Count} ignored for this reason since the last message. {Advice}",
                    DisplayText.Escape(server), pair.Key, turn.SuppressedBefore + pair.Value, Advice(pair.Key));
            }
        }

        /// <summary>Replies ignored since the listener started, by reason.</summary>
        public IDictionary<string, long> Totals() => _totals.ToDictionary(p => p.Key.ToString(), p => p.Value);

        /// <summary>What an admin can do about replies ignored for <paramref name="reason"/>.</summary>
        public static string Advice(ReplyDiscard reason)
        {
            switch (reason)
            {
                case ReplyDiscard.MissingMessageAuthenticator:
                    return "The server does not sign its replies with Message-Authenticator. Make it sign them (update it: NPS with the Windows updates " +
                        "of 9 July 2024 or later, see KB5040268; FreeRADIUS 3.2.5 or later). Only if it cannot, " +
                        "and only on a network no one else can reach, run Set-RasMfaUpstreamRadiusServer -RequireMessageAuthenticator $false.";
                case ReplyDiscard.BadMessageAuthenticator:
                case ReplyDiscard.BadResponseAuthenticator:
                    return "Check that the shared secret is the same on both sides; otherwise the reply was forged or altered on the way.";
                default:
                    return "The datagram was not a reply to RasMfa's request.";
            }
        }
    }
}
