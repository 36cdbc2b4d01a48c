using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Hosting.Control;
using RasMfa.Engine.Radius.Server;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting.Control
{
    /// <summary>The control channel's lines: what a request may say, how long a line may be, and that a status and a log line arrive whole.</summary>
    public class ControlProtocolTests
    {
        [Theory]
        [InlineData("{\"command\":\"status\"}", "status", 0, false)]
        [InlineData("{\"command\":\"log\"}", "log", 0, false)]
        [InlineData("{\"command\":\"log\",\"after\":42,\"follow\":true}", "log", 42, true)]
        public void Reads_the_requests_it_knows(string line, string command, long after, bool follow)
        {
            var request = ControlRequest.Parse(line);
            Assert.Equal((command, after, follow), (request.Command, request.After, request.Follow));
            Assert.Equal(request.Command, ControlRequest.Parse(request.ToLine().TrimEnd('\n')).Command);
        }

        [Theory]
        [InlineData("{\"command\":\"shutdown\"}", ControlProtocolException.UnknownCommand)]
        [InlineData("{}", ControlProtocolException.UnknownCommand)]
        [InlineData("status", ControlProtocolException.NotJson)]
        [InlineData("[\"status\"]", ControlProtocolException.NotJson)]
        [InlineData("{\"command\":\"status\"", ControlProtocolException.NotJson)]
        [InlineData("{\"command\":\"status\",\"secret\":1}", ControlProtocolException.BadArgument)]
        [InlineData("{\"command\":\"log\",\"after\":-1}", ControlProtocolException.BadArgument)]
        [InlineData("{\"command\":\"log\",\"after\":\"1\"}", ControlProtocolException.BadArgument)]
        [InlineData("{\"command\":\"log\",\"follow\":{\"a\":{\"b\":1}}}", ControlProtocolException.NotJson)]
        [InlineData("{\"command\":\"status\",\"follow\":true}", ControlProtocolException.BadArgument)]
        [InlineData("{\"command\":7}", ControlProtocolException.BadArgument)]
        public void Refuses_anything_else_with_a_code(string line, string code)
        {
            var refused = Assert.Throws<ControlProtocolException>(() => ControlRequest.Parse(line));
            Assert.Equal(code, refused.Code);
        }

        [Fact]
        public void Reads_lines_one_by_one_across_reads_and_a_last_line_without_its_newline()
        {
            var reader = new BoundedLineReader(new MemoryStream(Encoding.UTF8.GetBytes("first\r\nsecond\nthird")), 16);
            Assert.Equal("first", reader.ReadLineAsync(default).Result);
            Assert.Equal("second", reader.ReadLineAsync(default).Result);
            Assert.Equal("third", reader.ReadLineAsync(default).Result);
            Assert.Null(reader.ReadLineAsync(default).Result);
        }

        [Fact]
        public void Refuses_a_line_past_the_limit_before_reading_the_rest_of_it()
        {
            // An endless line: the reader must give up after the limit (plus one buffer), not read on.
            var endless = new EndlessStream((byte)'a');
            var reader = new BoundedLineReader(endless, ControlLimits.MaxRequestLineBytes);
            var refused = Assert.Throws<AggregateException>(() => reader.ReadLineAsync(default).Wait()).InnerException as ControlProtocolException;
            Assert.Equal(ControlProtocolException.LineTooLong, refused?.Code);
            Assert.InRange(endless.Served, ControlLimits.MaxRequestLineBytes, ControlLimits.MaxRequestLineBytes + 4096);
        }

        [Fact]
        public void A_line_of_exactly_the_limit_is_read()
        {
            var line = new string('a', ControlLimits.MaxRequestLineBytes);
            var reader = new BoundedLineReader(new MemoryStream(Encoding.UTF8.GetBytes(line + "\n")), ControlLimits.MaxRequestLineBytes);
            Assert.Equal(line, reader.ReadLineAsync(default).Result);
        }

        [Fact]
        public void Refuses_a_line_that_is_not_UTF8()
        {
            var reader = new BoundedLineReader(new MemoryStream(new byte[] { 0x7B, 0xFF, 0xFE, 0x7D, 0x0A }), 16);
            var refused = Assert.Throws<AggregateException>(() => reader.ReadLineAsync(default).Wait()).InnerException as ControlProtocolException;
            Assert.Equal(ControlProtocolException.NotJson, refused?.Code);
        }

        [Fact]
        public void A_status_arrives_with_every_field()
        {
            var sent = new ServerStatus
            {
                Running = true,
                ProcessId = 4242,
                Kind = ListenerKind.Service,
                ControlEndpoint = "/run/rasmfa/rasmfa-4242.sock",
                Endpoints = new[] { new IPEndPoint(IPAddress.Loopback, 1812), new IPEndPoint(IPAddress.IPv6Any, 1812) },
                StartTimeUtc = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
                Database = "/var/lib/rasmfa/rasmfa.db",
                ClientCount = 3,
                Counters = new CounterSnapshot(10, 4, 3, 2, 1, 5, new Dictionary<string, long> { ["BadLength"] = 7, ["UnknownClient"] = 0 }) { Uncached = 6 },
                RequestsInFlight = 2,
                ServerId = "server-1",
                DecidedElsewhere = 8,
                ClaimsTakenOver = 9,
                StoreClockOffset = TimeSpan.FromMilliseconds(-1234),
                PendingChallenges = 11,
                ReceiveBufferBytes = 4194304,
                KernelDrops = 12,
                UpstreamRepliesIgnored = new Dictionary<string, long> { ["WrongSource"] = 13 },
                StoreUnavailableLogins = 14,
                AuditRecordsNotWritten = 15,
                AuditRecordsWaiting = 16,
            };
            var line = ControlAnswer.StatusLine(sent);
            Assert.EndsWith("\n", line);
            Assert.DoesNotContain("\n", line.TrimEnd('\n'));

            var got = ControlAnswer.Parse(line.TrimEnd('\n')).Status!;
            Assert.Equal((true, 4242, ListenerKind.Service, "/run/rasmfa/rasmfa-4242.sock"), (got.Running, got.ProcessId, got.Kind, got.ControlEndpoint));
            Assert.Equal(new[] { "127.0.0.1:1812", "[::]:1812" }, got.Endpoints.Select(e => e.ToString()));
            Assert.Equal(sent.StartTimeUtc, got.StartTimeUtc);
            Assert.Equal(DateTimeKind.Utc, got.StartTimeUtc!.Value.Kind);
            Assert.Equal((sent.Database, 3, 2, "server-1", 8L, 9L), (got.Database, got.ClientCount, got.RequestsInFlight, got.ServerId, got.DecidedElsewhere, got.ClaimsTakenOver));
            Assert.Equal((10L, 4L, 3L, 2L, 1L, 5L, 6L), (got.Counters!.Requests, got.Counters.Accepted, got.Counters.Rejected, got.Counters.Challenged,
                got.Counters.Duplicates, got.Counters.StatusServer, got.Counters.Uncached));
            Assert.Equal(7, got.Counters.DroppedByReason["BadLength"]);
            Assert.Equal(0, got.Counters.DroppedByReason["UnknownClient"]);
            Assert.Equal(TimeSpan.FromMilliseconds(-1234), got.StoreClockOffset);
            Assert.Equal((11, 4194304, (long?)12), (got.PendingChallenges, got.ReceiveBufferBytes, got.KernelDrops));
            Assert.Equal(13, got.UpstreamRepliesIgnored["WrongSource"]);
            Assert.Equal((14L, 15L, 16), (got.StoreUnavailableLogins, got.AuditRecordsNotWritten, got.AuditRecordsWaiting));
        }

        [Fact]
        public void A_status_of_no_listener_arrives_with_its_empty_fields_empty()
        {
            var got = ControlAnswer.Parse(ControlAnswer.StatusLine(new ServerStatus { ProcessId = 7 }).TrimEnd('\n')).Status!;
            Assert.False(got.Running);
            Assert.Null(got.Counters);
            Assert.Null(got.StartTimeUtc);
            Assert.Null(got.Uptime);
            Assert.Null(got.KernelDrops);
            Assert.Null(got.StoreClockOffset);
        }

        [Fact]
        public void A_log_line_arrives_whole_with_control_characters_escaped_on_the_wire()
        {
            var sent = new LogEntry(17, new DateTime(2026, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc), LogLevel.Warning, "RasMfa.Radius", "Dropped\nforged line \"x\"", eventId: 5000);
            var line = ControlAnswer.EntryLine(sent);
            Assert.DoesNotContain("\n", line.TrimEnd('\n'));
            var got = ControlAnswer.Parse(line.TrimEnd('\n')).Entry!;
            // Read as one line, and shown as one: the line break the listener's text held is escaped for the console (review R5).
            Assert.Equal((17L, sent.TimeUtc, LogLevel.Warning, 5000, "RasMfa.Radius", "Dropped\\x0aforged line \"x\""), (got.Sequence, got.TimeUtc, got.Level, got.EventId, got.Category, got.Message));
        }

        [Fact]
        public void An_error_line_carries_its_code_and_message()
        {
            var error = ControlAnswer.Parse(ControlAnswer.ErrorLine(ControlProtocolException.Busy, "try later").TrimEnd('\n')).Error!;
            Assert.Equal((ControlProtocolException.Busy, "try later"), (error.Code, error.Message));
        }

        [Theory]
        [InlineData("{\"status\":{\"running\":true}}")]
        [InlineData("{\"entry\":{\"sequence\":\"x\"}}")]
        [InlineData("{\"other\":1}")]
        [InlineData("not json")]
        public void An_answer_that_is_none_of_the_three_is_refused(string line)
        {
            Assert.Throws<ControlProtocolException>(() => ControlAnswer.Parse(line));
        }

        /// <summary>A stream of one octet repeated without end, counting what it served.</summary>
        private sealed class EndlessStream : Stream
        {
            private readonly byte _octet;

            public EndlessStream(byte octet) => _octet = octet;

            public long Served { get; private set; }
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => Served; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                for (int i = 0; i < count; i++) buffer[offset + i] = _octet;
                Served += count;
                return count;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
