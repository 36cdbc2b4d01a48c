using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R10 (issue 16, dedicated receive threads): a request decided without a wait is answered on the receive thread,
    /// and whatever escapes that answer now escapes a thread of our own, which ends the process (.NET's policy for an
    /// unhandled exception), where before it faulted a discarded task. The answer's own fault handler logs: a log sink that
    /// throws (Microsoft.Extensions.Logging rethrows a provider's exception; the Windows Event Log provider throws when the
    /// Application log is full and set not to overwrite) turns one spoofed datagram from anywhere into the end of the listener.
    /// </summary>
    public sealed class ReviewR10ReceiveThreadTests
    {
        private static readonly byte[] Secret = Encoding.ASCII.GetBytes("receive-test-secret-0123456789ab");

        [Fact]
        public void A_log_sink_that_throws_does_not_end_a_receive_thread_on_a_datagram_from_an_unknown_source()
        {
            Exception? escaped = null;
            // An exception leaving a receive thread ends the test host: the thread it escaped is parked here instead, so the
            // test sees it and the run goes on.
            UnhandledExceptionEventHandler park = (_, e) =>
            {
                if (Thread.CurrentThread.Name != "RasMfa RADIUS receive") return;
                Volatile.Write(ref escaped, (Exception)e.ExceptionObject);
                Thread.Sleep(Timeout.Infinite);
            };
            AppDomain.CurrentDomain.UnhandledException += park;
            try
            {
                var logger = new ThrowingLogger();
                // The only client is elsewhere: every datagram from loopback is dropped (UnknownClient) and that drop logged.
                var client = new RadiusClientDefinition("elsewhere", IpNetwork.Parse("192.0.2.0/24"), Secret);
                var processor = new RequestProcessor(() => new ClientRegistry(new[] { client }), new NeverCalled(), new ServerCounters(),
                    new DuplicateCache(TimeSpan.FromSeconds(10)), new StatusServerLimiter(), new InFlightGate(() => 4000), logger);
                var server = new RadiusServer(processor, logger);
                Exception? escapedSeen;
                long drops;
                try
                {
                    server.Start(new[] { IPAddress.Loopback }, 0, socketsPerAddress: 1, threadsPerSocket: 1);
                    using var spoofer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    spoofer.Connect(server.Endpoints[0]);

                    // Two datagrams to the one receive thread: the second is dropped too only if the thread outlived the first.
                    spoofer.Send(new byte[] { 1, 1, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
                    spoofer.Send(new byte[] { 1, 2, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
                    SpinWait.SpinUntil(() => Volatile.Read(ref escaped) != null || UnknownClientDrops(processor) >= 2, TimeSpan.FromSeconds(10));
                    escapedSeen = Volatile.Read(ref escaped);
                    drops = UnknownClientDrops(processor);
                }
                finally
                {
                    // The sink recovers, so that stopping (which logs the request the dead thread never finished) reports nothing.
                    logger.Failing = false;
                    server.Stop(TimeSpan.FromMilliseconds(100));
                }

                Assert.Null(escapedSeen); // fails: the AggregateException ("An error occurred while writing to logger(s)") left the receive thread
                Assert.Equal(2, drops);
            }
            finally
            {
                AppDomain.CurrentDomain.UnhandledException -= park;
            }
        }

        private static long UnknownClientDrops(RequestProcessor processor) => processor.Counters.Snapshot().DroppedByReason[nameof(DropReason.UnknownClient)];

        /// <summary>As Microsoft.Extensions.Logging's logger does when one of its providers throws: the write fails.</summary>
        private sealed class ThrowingLogger : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool Failing { get; set; } = true;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (Failing && logLevel >= LogLevel.Warning)
                    throw new AggregateException("An error occurred while writing to logger(s).", new InvalidOperationException("The event log file is full."));
            }
        }

        private sealed class NeverCalled : IAccessRequestHandler
        {
            public Task<AccessDecision> DecideAsync(AccessRequestContext context, CancellationToken cancellationToken) =>
                throw new InvalidOperationException("no request from an unknown client reaches the handler");
        }
    }
}
