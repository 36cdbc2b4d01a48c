using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>The client's side of the control channel: one request per connection, its answers read line by line, bounded.</summary>
    internal static class ControlClient
    {
        /// <exception cref="ControlEndpointGoneException">Nothing listens there any more.</exception>
        /// <exception cref="ControlProtocolException">The listener refused the request (its code says why) or answered nonsense.</exception>
        /// <exception cref="IOException">The connection broke or the listener did not answer within <see cref="ControlLimits.ClientTimeout"/>.</exception>
        public static ServerStatus Status(IControlTransport transport, ControlAddress address, CancellationToken cancellation)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            deadline.CancelAfter(ControlLimits.ClientTimeout);
            using var stream = Connect(transport, address, ControlRequest.Status(), deadline.Token);
            using var closeAtDeadline = deadline.Token.Register(stream.Dispose);
            var answer = Next(new BoundedLineReader(stream, ControlLimits.MaxAnswerLineBytes), address, deadline.Token)
                ?? throw new IOException(deadline.IsCancellationRequested
                    ? $"The listener at {address.Address} did not answer within {ControlLimits.ClientTimeout.TotalSeconds} s."
                    : $"The listener at {address.Address} closed the connection without an answer.");
            return answer.Status ?? throw new ControlProtocolException(ControlProtocolException.NotJson, $"The listener at {address.Address} answered a status request with something else.");
        }

        /// <summary>The listener's log lines after <paramref name="after"/>; with <paramref name="follow"/>, then the new ones until cancelled.</summary>
        public static IEnumerable<LogEntry> Log(IControlTransport transport, ControlAddress address, long after, bool follow, CancellationToken cancellation)
        {
            Stream stream;
            using (var connectDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
            {
                connectDeadline.CancelAfter(ControlLimits.ClientTimeout);
                stream = Connect(transport, address, ControlRequest.Log(after, follow), connectDeadline.Token);
            }
            using (stream)
            using (cancellation.Register(stream.Dispose))
            {
                var reader = new BoundedLineReader(stream, ControlLimits.MaxAnswerLineBytes);
                while (Next(reader, address, cancellation) is ControlAnswer answer)
                {
                    if (answer.Entry == null) throw new ControlProtocolException(ControlProtocolException.NotJson, $"The listener at {address.Address} sent something other than a log line.");
                    yield return answer.Entry;
                }
            }
        }

        private static Stream Connect(IControlTransport transport, ControlAddress address, ControlRequest request, CancellationToken cancellation)
        {
            var stream = Wait(transport.ConnectAsync(address, cancellation), cancellation);
            try
            {
                var bytes = Encoding.UTF8.GetBytes(request.ToLine());
                using (cancellation.Register(stream.Dispose)) Wait(WriteAsync(stream, bytes, cancellation), cancellation);
                return stream;
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <returns>The next answer; null at the end of the stream or once cancelled.</returns>
        private static ControlAnswer? Next(BoundedLineReader reader, ControlAddress address, CancellationToken cancellation)
        {
            string? line;
            try
            {
                line = reader.ReadLineAsync(cancellation).GetAwaiter().GetResult();
            }
            catch (Exception e) when (cancellation.IsCancellationRequested && (e is IOException || e is ObjectDisposedException || e is OperationCanceledException))
            {
                if (e is OperationCanceledException || e is ObjectDisposedException) return null;
                throw;
            }
            if (line == null) return null;
            var answer = ControlAnswer.Parse(line);
            if (answer.Error != null) throw answer.Error;
            return answer;
        }

        private static async Task<bool> WriteAsync(Stream stream, byte[] bytes, CancellationToken cancellation)
        {
            await stream.WriteAsync(bytes, 0, bytes.Length, cancellation).ConfigureAwait(false);
            await stream.FlushAsync(cancellation).ConfigureAwait(false);
            return true;
        }

        private static T Wait<T>(Task<T> task, CancellationToken cancellation)
        {
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (Exception e) when (cancellation.IsCancellationRequested && !(e is ControlEndpointGoneException))
            {
                throw new IOException("The listener did not answer in time.", e);
            }
        }
    }
}
