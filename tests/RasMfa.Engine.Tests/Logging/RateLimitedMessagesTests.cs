using System;
using System.Linq;
using System.Net;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Logging;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius.Client;
using RasMfa.Engine.Radius.Server;
using Xunit;

namespace RasMfa.Engine.Tests.Logging
{
    /// <summary>
    /// The listener's flood-prone messages, each on <see cref="RateLimitedLog"/>: one line per reason (or table, or
    /// server and reason) per interval, a flood of one not hiding another, and the next line counting every occurrence
    /// since the last, itself included.
    /// </summary>
    public sealed class RateLimitedMessagesTests
    {
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
        private readonly MemoryLog _log = new MemoryLog();
        private DateTime _now = new DateTime(2026, 11, 29, 8, 0, 0, DateTimeKind.Utc);

        private ILogger Logger => new LoggerFactory(new[] { _log }).CreateLogger("RasMfa.Test");

        private string[] Lines() => _log.Since(0).Select(e => e.Message).ToArray();

        [Fact]
        public void Discarded_packets_are_logged_once_per_reason_per_interval_and_the_next_line_counts_them_all()
        {
            var drops = new DropLog(Logger, Interval, () => _now);
            var source = new IPEndPoint(IPAddress.Loopback, 1812);
            for (int i = 0; i < 5; i++) drops.Dropped(DropReason.UnknownClient, source, "flood");
            drops.Dropped(DropReason.BadMessageAuthenticator, source, "wrong secret");
            _now += Interval;
            drops.Dropped(DropReason.UnknownClient, source, "flood");

            Assert.Equal(new[]
            {
                "Discarded a packet from 127.0.0.1:1812: UnknownClient (flood); 1 discarded for this reason since the last message.",
                "Discarded a packet from 127.0.0.1:1812: BadMessageAuthenticator (wrong secret); 1 discarded for this reason since the last message.",
                "Discarded a packet from 127.0.0.1:1812: UnknownClient (flood); 5 discarded for this reason since the last message.",
            }, Lines());
        }

        [Fact]
        public void Unreadable_rows_are_logged_once_per_table_per_interval_and_the_next_line_counts_them_all()
        {
            var rows = new UnreadableRowLog(Logger, Interval, () => _now);
            for (int i = 0; i < 3; i++) rows.Unreadable("challenge", "attributes do not frame", "refused");
            rows.Unreadable("login", "unknown state", "decided again");
            _now += Interval;
            rows.Unreadable("challenge", "attributes do not frame", "refused");

            var lines = Lines();
            Assert.Equal(3, lines.Length);
            Assert.StartsWith("A challenge row of the store cannot be read (attributes do not frame): refused; 1 such rows met", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("A login row of the store cannot be read", lines[1], StringComparison.Ordinal);
            Assert.StartsWith("A challenge row of the store cannot be read (attributes do not frame): refused; 3 such rows met", lines[2], StringComparison.Ordinal);
        }

        [Fact]
        public void Ignored_upstream_replies_are_logged_once_per_server_and_reason_per_interval_counting_each_reply_and_totalled()
        {
            var replies = new UpstreamReplyLog(Logger, Interval, () => _now);
            replies.Discarded("nps1", Tally(ReplyDiscard.BadMessageAuthenticator, 2));
            replies.Discarded("nps1", Tally(ReplyDiscard.BadMessageAuthenticator, 3));
            replies.Discarded("nps2", Tally(ReplyDiscard.BadMessageAuthenticator, 1));
            _now += Interval;
            replies.Discarded("nps1", Tally(ReplyDiscard.BadMessageAuthenticator, 4));

            var lines = Lines();
            Assert.Equal(3, lines.Length);
            Assert.StartsWith("Ignored a reply from upstream RADIUS server nps1: BadMessageAuthenticator; 2 ignored", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("Ignored a reply from upstream RADIUS server nps2: BadMessageAuthenticator; 1 ignored", lines[1], StringComparison.Ordinal);
            Assert.StartsWith("Ignored a reply from upstream RADIUS server nps1: BadMessageAuthenticator; 7 ignored", lines[2], StringComparison.Ordinal);
            Assert.Equal(10L, replies.Totals()[nameof(ReplyDiscard.BadMessageAuthenticator)]);
        }

        [Fact]
        public void An_upstream_servers_name_is_escaped_in_the_ignored_replies_line()
        {
            // A forged reply to a server whose stored name holds a line break (added before names were checked) writes one line.
            var replies = new UpstreamReplyLog(Logger, Interval, () => _now);

            replies.Discarded("nps1\n<0>RasMfa.Mfa[2000] Accept mallory", Tally(ReplyDiscard.BadMessageAuthenticator, 1));

            var line = Assert.Single(_log.Since(0)).Message;
            Assert.Contains("nps1\\x0a<0>", line);
            Assert.DoesNotContain("\n", line);
        }

        private static DiscardTally Tally(ReplyDiscard reason, int count)
        {
            var tally = new DiscardTally();
            for (int i = 0; i < count; i++) tally.Add(reason);
            return tally;
        }
    }
}
