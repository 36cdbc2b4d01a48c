using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Radius.Client
{
    /// <summary>
    /// Sends one request and waits for a reply that verifies, retransmitting the same bytes on timeout
    /// (so the server's duplicate detection applies). Replies that fail verification are counted and ignored.
    /// </summary>
    public static class RadiusExchange
    {
        public static async Task<ExchangeResult> SendAsync(byte[] requestBytes, IPEndPoint server, byte[] secret, TimeSpan timeout, int retries, CancellationToken cancellationToken)
        {
            var requestAuthenticator = new byte[RadiusPacket.AuthenticatorLength];
            Buffer.BlockCopy(requestBytes, 4, requestAuthenticator, 0, RadiusPacket.AuthenticatorLength);
            byte identifier = requestBytes[1];
            int invalid = 0;
            var stopwatch = Stopwatch.StartNew();
            using var udp = new UdpClient(server.AddressFamily);
            udp.Connect(server);
            for (int attempt = 0; attempt <= retries; attempt++)
            {
                await udp.SendAsync(requestBytes, requestBytes.Length).ConfigureAwait(false);
                var deadline = DateTime.UtcNow + timeout;
                while (true)
                {
                    var remaining = deadline - DateTime.UtcNow;
                    if (remaining <= TimeSpan.Zero) break;
                    var receive = udp.ReceiveAsync();
                    var finished = await Task.WhenAny(receive, Task.Delay(remaining, cancellationToken)).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                    if (finished != receive)
                    {
                        _ = receive.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                        break;
                    }
                    UdpReceiveResult datagram;
                    try
                    {
                        datagram = await receive.ConfigureAwait(false);
                    }
                    catch (SocketException)
                    {
                        // ICMP unreachable: nothing listens there now; wait out the attempt as a real client would.
                        await Task.Delay(remaining, cancellationToken).ConfigureAwait(false);
                        break;
                    }
                    var reply = Verify(datagram.Buffer, identifier, requestAuthenticator, secret, out bool signed);
                    if (reply == null)
                    {
                        invalid++;
                        continue;
                    }
                    return new ExchangeResult(reply, signed, attempt + 1, invalid, stopwatch.Elapsed);
                }
            }
            return new ExchangeResult(null, false, retries + 1, invalid, stopwatch.Elapsed);
        }

        private static RadiusPacket? Verify(byte[] datagram, byte identifier, byte[] requestAuthenticator, byte[] secret, out bool signed)
        {
            signed = false;
            if (RadiusPacket.Validate(datagram, out int length) != PacketError.None || datagram[1] != identifier) return null;
            if (!PacketSigner.VerifyResponseAuthenticator(datagram, length, requestAuthenticator, secret)) return null;
            var signature = PacketSigner.VerifyMessageAuthenticator(datagram, length, secret, requestAuthenticator);
            if (signature == MessageAuthenticatorStatus.Invalid) return null;
            signed = signature == MessageAuthenticatorStatus.Valid;
            RadiusPacket.TryParse(new ReadOnlySpan<byte>(datagram, 0, length), out var packet);
            return packet;
        }
    }

    public sealed class ExchangeResult
    {
        public ExchangeResult(RadiusPacket? reply, bool signed, int attempts, int invalidReplies, TimeSpan elapsed)
        {
            Reply = reply;
            Signed = signed;
            Attempts = attempts;
            InvalidReplies = invalidReplies;
            Elapsed = elapsed;
        }

        public RadiusPacket? Reply { get; }

        /// <summary>The reply carried a valid Message-Authenticator.</summary>
        public bool Signed { get; }

        public int Attempts { get; }

        public int InvalidReplies { get; }

        public TimeSpan Elapsed { get; }
    }
}
