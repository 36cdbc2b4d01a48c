using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Radius.Client
{
    /// <summary>
    /// Sends one request and waits for a reply that verifies (<see cref="ReplyVerifier"/>), retransmitting the same bytes on
    /// timeout (so the server's duplicate detection applies). A datagram that fails verification is counted and ignored, as
    /// if it had not arrived: the wait goes on for a valid reply until the attempt times out.
    /// </summary>
    public static class RadiusExchange
    {
        public static async Task<ExchangeResult> SendAsync(byte[] requestBytes, IPEndPoint server, byte[] secret, TimeSpan timeout, int retries,
            bool requireMessageAuthenticator, CancellationToken cancellationToken)
        {
            var verifier = new ReplyVerifier(requestBytes, server, secret, requireMessageAuthenticator);
            var discarded = new DiscardTally();
            var stopwatch = Stopwatch.StartNew();
            using var udp = new UdpClient(server.AddressFamily);
            // Connected: the operating system already drops datagrams from elsewhere; the verifier checks the source again.
            udp.Connect(server);
            // One receive at a time for the whole exchange: a receive left behind by an attempt that timed out would take the
            // next datagram (most likely the reply to the retransmission) where nobody looks at it.
            Task<UdpReceiveResult>? receive = null;
            try
            {
                for (int attempt = 0; attempt <= retries; attempt++)
                {
                    await udp.SendAsync(requestBytes, requestBytes.Length).ConfigureAwait(false);
                    var deadline = DateTime.UtcNow + timeout;
                    while (true)
                    {
                        var remaining = deadline - DateTime.UtcNow;
                        if (remaining <= TimeSpan.Zero) break;
                        receive ??= udp.ReceiveAsync();
                        var finished = await Task.WhenAny(receive, Task.Delay(remaining, cancellationToken)).ConfigureAwait(false);
                        cancellationToken.ThrowIfCancellationRequested();
                        if (finished != receive) break; // kept for the next attempt
                        UdpReceiveResult datagram;
                        try
                        {
                            datagram = await receive.ConfigureAwait(false);
                        }
                        catch (SocketException)
                        {
                            // ICMP unreachable: nothing listens there now; wait out the attempt as a real client would.
                            receive = null;
                            await Task.Delay(remaining, cancellationToken).ConfigureAwait(false);
                            break;
                        }
                        receive = null;
                        var reply = verifier.Verify(datagram.Buffer, datagram.RemoteEndPoint, out var discard, out bool signed);
                        if (reply == null)
                        {
                            discarded.Add(discard);
                            continue;
                        }
                        return new ExchangeResult(reply, signed, attempt + 1, discarded, stopwatch.Elapsed);
                    }
                }
            }
            finally
            {
                // Still pending when the exchange ends: it fails once the socket is closed, and nobody is left to look.
                _ = receive?.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            }
            return new ExchangeResult(null, false, retries + 1, discarded, stopwatch.Elapsed);
        }
    }
}
