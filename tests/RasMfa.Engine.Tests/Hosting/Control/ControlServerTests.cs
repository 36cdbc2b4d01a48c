#if NET
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Hosting.Control;
using RasMfa.Engine.Security.Platform;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting.Control
{
    /// <summary>
    /// A control endpoint on a real Unix socket, served as a listener serves it: what a client gets for each request, and
    /// that a hostile one (a line without end, a crowd of idle connections) is refused without stopping the others.
    /// </summary>
    public sealed class ControlServerTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-control-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        private readonly MemoryLog _log = new MemoryLog();
        private readonly ControlServer _server;
        private readonly ControlAddress _address;
        private readonly UnixSocketTransport _transport = new UnixSocketTransport(UnixRuntimeFolders.ForThisProcess());

        public ControlServerTests()
        {
            UnixNative.CreateDirectory(_folder, 0x1C0);
            var pid = ControlServer.CurrentProcessId;
            var endpoint = new UnixControlEndpoint(Path.Combine(_folder, $"rasmfa-{pid}.sock"), UnixNative.EffectiveUserId());
            _server = new ControlServer(endpoint, () => new ServerStatus { Running = true, ProcessId = pid, Kind = ListenerKind.Service }, _log, NullLogger.Instance);
            _address = new ControlAddress(pid, endpoint.Address);
            _log.CreateLogger("RasMfa.Radius").LogInformation("Listening on 127.0.0.1:1812.");
        }

        public void Dispose()
        {
            _server.Dispose();
            Directory.Delete(_folder, recursive: true);
        }

        [Fact]
        public void The_socket_is_its_owner_s_alone()
        {
            Assert.Equal("0600", UnixNative.Status(_address.Address).OctalMode);
        }

        [Fact]
        public void A_status_request_gets_the_listener_s_status()
        {
            var status = ControlClient.Status(_transport, _address, default);
            Assert.True(status.Running);
            Assert.Equal((ControlServer.CurrentProcessId, ListenerKind.Service), (status.ProcessId, status.Kind));
        }

        [Fact]
        public void A_log_request_gets_the_recent_lines_and_a_follower_the_new_ones_until_it_closes()
        {
            Assert.Equal(new[] { "Listening on 127.0.0.1:1812." }, ControlClient.Log(_transport, _address, 0, false, default).Select(e => e.Message));
            using var stop = new CancellationTokenSource();
            using var entries = ControlClient.Log(_transport, _address, 0, true, stop.Token).GetEnumerator();
            Assert.True(entries.MoveNext());
            _log.CreateLogger("RasMfa.Radius").LogWarning("A new line.");
            Assert.True(entries.MoveNext());
            Assert.Equal("A new line.", entries.Current.Message);
            stop.Cancel();
            Assert.False(entries.MoveNext());
            WaitUntil(() => _server.OpenConnections == 0, "the follower's connection ends on the listener's side too");
        }

        [Fact]
        public void An_unknown_command_gets_an_error_and_the_connection_is_closed()
        {
            var (answer, closed) = Exchange("{\"command\":\"reload\"}\n");
            Assert.Equal(ControlProtocolException.UnknownCommand, ControlAnswer.Parse(answer!).Error!.Code);
            Assert.True(closed);
        }

        [Fact]
        public void A_line_past_the_limit_gets_an_error_and_the_connection_is_closed_and_the_next_client_is_served()
        {
            var (answer, closed) = Exchange(new string('x', ControlLimits.MaxRequestLineBytes + 1) + "\n");
            Assert.Equal(ControlProtocolException.LineTooLong, ControlAnswer.Parse(answer!).Error!.Code);
            Assert.True(closed);
            Assert.True(ControlClient.Status(_transport, _address, default).Running);
        }

        [Fact]
        public void Past_the_connection_limit_a_client_is_told_busy()
        {
            var idle = Enumerable.Range(0, ControlLimits.MaxConnections).Select(_ => Connect()).ToList();
            try
            {
                WaitUntil(() => _server.OpenConnections == ControlLimits.MaxConnections, "the idle connections are being served");
                var (answer, closed) = Exchange("{\"command\":\"status\"}\n");
                Assert.Equal(ControlProtocolException.Busy, ControlAnswer.Parse(answer!).Error!.Code);
                Assert.True(closed);
            }
            finally
            {
                idle.ForEach(s => s.Dispose());
            }
            WaitUntil(() => _server.OpenConnections == 0, "closed connections are let go");
            Assert.True(ControlClient.Status(_transport, _address, default).Running);
        }

        [Fact]
        public void A_socket_left_by_a_killed_listener_is_found_stale_and_removed()
        {
            // A socket bound and closed without its file removed: what kill -9 leaves. (.NET removes the file it bound when
            // the socket closes, so a second name, made while it listened, is what stays.)
            var path = Path.Combine(_folder, "rasmfa-999999.sock");
            using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            {
                dead.Bind(new UnixDomainSocketEndPoint(path + ".bound"));
                dead.Listen(1);
                Assert.Equal(0, Link(path + ".bound", path));
            }
            Assert.True(File.Exists(path));
            Assert.Throws<ControlEndpointGoneException>(() => ControlClient.Status(_transport, new ControlAddress(999999, path), default));
            Assert.False(File.Exists(path));
        }

        [Fact]
        public void A_socket_served_by_another_process_than_its_name_says_is_not_trusted()
        {
            var impostor = new ControlAddress(ControlServer.CurrentProcessId + 1, _address.Address);
            var refused = Assert.Throws<IOException>(() => ControlClient.Status(_transport, impostor, default));
            Assert.Contains("not by process", refused.Message);
        }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
        private static extern int Link(string existing, string added);

        private Socket Connect()
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(_address.Address));
            return socket;
        }

        /// <summary>Sends <paramref name="request"/>, reads the first answer line, and whether the listener then closed.</summary>
        private (string? Answer, bool Closed) Exchange(string request)
        {
            using var socket = Connect();
            socket.ReceiveTimeout = 10000;
            try
            {
                socket.Send(Encoding.UTF8.GetBytes(request));
            }
            catch (SocketException)
            {
                // The listener may close before it has read everything sent; its answer is still there to read.
            }
            var received = new MemoryStream();
            var buffer = new byte[4096];
            int count;
            while ((count = Receive(socket, buffer)) > 0) received.Write(buffer, 0, count);
            var text = Encoding.UTF8.GetString(received.ToArray());
            var newline = text.IndexOf('\n');
            return (newline < 0 ? null : text.Substring(0, newline), count == 0 && text.IndexOf('\n', newline + 1) < 0);
        }

        private static int Receive(Socket socket, byte[] buffer)
        {
            try
            {
                return socket.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                return 0;
            }
        }

        private static void WaitUntil(Func<bool> condition, string what)
        {
            var watch = Stopwatch.StartNew();
            while (!condition())
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"Waited 10 s for this: {what}.");
                Thread.Sleep(20);
            }
        }
    }
}
#endif
