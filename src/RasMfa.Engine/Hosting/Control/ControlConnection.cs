using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>
    /// Serves one control connection: one request line (within <see cref="ControlLimits.RequestTimeout"/>, at most
    /// <see cref="ControlLimits.MaxRequestLineBytes"/>), its answer, then the connection is closed; a log follower's stays
    /// open until the client closes it. A wait past its bound (a silent client, one that stops reading) closes the stream,
    /// which ends whatever was waiting on it.
    /// </summary>
    internal sealed class ControlConnection
    {
        private readonly Stream _stream;
        private readonly Func<ServerStatus> _status;
        private readonly MemoryLog _log;
        private readonly CancellationToken _stopping;

        public ControlConnection(Stream stream, Func<ServerStatus> status, MemoryLog log, CancellationToken stopping)
        {
            _stream = stream;
            _status = status;
            _log = log;
            _stopping = stopping;
        }

        /// <returns>What went wrong with the request, for the listener's log; null when it was served.</returns>
        public async Task<string?> ServeAsync()
        {
            using var closeOnStop = _stopping.Register(_stream.Dispose);
            ControlRequest request;
            try
            {
                var line = await Bounded(ControlLimits.RequestTimeout, token => new BoundedLineReader(_stream, ControlLimits.MaxRequestLineBytes).ReadLineAsync(token))
                    .ConfigureAwait(false);
                if (line == null) return null;
                request = ControlRequest.Parse(line);
            }
            catch (ControlProtocolException e)
            {
                await RefuseAsync(e.Code, e.Message).ConfigureAwait(false);
                return $"{e.Code}: {e.Message}";
            }
            if (request.Command == ControlRequest.StatusCommand)
            {
                await WriteAsync(ControlAnswer.StatusLine(_status())).ConfigureAwait(false);
                return null;
            }
            await SendLogAsync(request.After, request.Follow).ConfigureAwait(false);
            return null;
        }

        /// <summary>Sends an error line (bounded in time like any answer) and leaves the closing to the caller.</summary>
        public Task RefuseAsync(string code, string message) => WriteAsync(ControlAnswer.ErrorLine(code, message));

        private async Task SendLogAsync(long after, bool follow)
        {
            var last = after;
            // A follower's only way to say it is done is to close: a read that ends (end of stream, or anything sent) stops the follow.
            var closed = follow ? ReadUntilClosedAsync() : Task.CompletedTask;
            while (true)
            {
                foreach (var entry in _log.Since(last))
                {
                    await WriteAsync(ControlAnswer.EntryLine(entry)).ConfigureAwait(false);
                    last = entry.Sequence;
                }
                if (!follow || _stopping.IsCancellationRequested) return;
                var pause = Task.Delay(ControlLimits.FollowPollInterval, _stopping);
                if (await Task.WhenAny(closed, pause).ConfigureAwait(false) == closed) return;
            }
        }

        private async Task ReadUntilClosedAsync()
        {
            try
            {
                await _stream.ReadAsync(new byte[1], 0, 1, _stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is OperationCanceledException)
            {
                // Closed or broken: either way the follow ends.
            }
        }

        private Task WriteAsync(string line) => Bounded(ControlLimits.WriteTimeout, async token =>
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            await _stream.WriteAsync(bytes, 0, bytes.Length, token).ConfigureAwait(false);
            await _stream.FlushAsync(token).ConfigureAwait(false);
            return true;
        });

        /// <summary>Runs one wait on the stream, closing the stream when it takes longer than <paramref name="limit"/>.</summary>
        private async Task<T> Bounded<T>(TimeSpan limit, Func<CancellationToken, Task<T>> wait)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
            deadline.CancelAfter(limit);
            // Not every stream honours a token once its wait has begun (pipes on the .NET Framework); a closed stream ends any wait.
            using var closeAtDeadline = deadline.Token.Register(_stream.Dispose);
            return await wait(deadline.Token).ConfigureAwait(false);
        }
    }
}
