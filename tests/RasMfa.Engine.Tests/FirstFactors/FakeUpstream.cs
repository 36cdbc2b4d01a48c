using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Radius;

namespace RasMfa.Engine.Tests.FirstFactors
{
    /// <summary>
    /// An upstream RADIUS server on loopback whose answers the test writes: for each Access-Request it receives, it sends
    /// back whatever datagrams <see cref="Answer"/> makes of it, from its own port (or, for the datagrams
    /// <see cref="AnswerFromElsewhere"/> makes, from another port).
    /// </summary>
    internal sealed class FakeUpstream : IDisposable
    {
        public static readonly byte[] Secret = System.Text.Encoding.ASCII.GetBytes("upstream-shared-secret-for-tests");

        private readonly UdpClient _socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly UdpClient _elsewhere = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _loop;

        public FakeUpstream()
        {
            _loop = Task.Run(ServeAsync);
        }

        public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

        public Func<RadiusPacket, byte[][]> Answer { get; set; } = _ => new byte[0][];

        public Func<RadiusPacket, byte[][]> AnswerFromElsewhere { get; set; } = _ => new byte[0][];

        /// <summary>Every request received, with how its Message-Authenticator verified.</summary>
        public ConcurrentQueue<(RadiusPacket Request, MessageAuthenticatorStatus Signature)> Requests { get; } =
            new ConcurrentQueue<(RadiusPacket, MessageAuthenticatorStatus)>();

        /// <summary>A reply as a well-behaved server writes it: Message-Authenticator first, Response Authenticator over the final bytes.</summary>
        public static byte[] Signed(RadiusPacket request, RadiusCode code, params RadiusAttribute[] attributes) => Signed(request, request.Identifier, code, attributes);

        public static byte[] Signed(RadiusPacket request, byte identifier, RadiusCode code, params RadiusAttribute[] attributes)
        {
            var reply = new RadiusPacket(code, identifier, new byte[RadiusPacket.AuthenticatorLength]);
            foreach (var attribute in attributes) reply.Add(attribute);
            return PacketSigner.EncodeResponse(reply, request.Authenticator, Secret);
        }

        /// <summary>A reply as RFC 2865 alone has it: a Response Authenticator and no Message-Authenticator.</summary>
        public static byte[] Unsigned(RadiusPacket request, RadiusCode code, params RadiusAttribute[] attributes)
        {
            var reply = new RadiusPacket(code, request.Identifier, new byte[RadiusPacket.AuthenticatorLength]);
            foreach (var attribute in attributes) reply.Add(attribute);
            var bytes = reply.Encode();
            return WithResponseAuthenticator(bytes, request);
        }

        /// <summary>A signed reply whose Message-Authenticator is wrong, under a correct Response Authenticator.</summary>
        public static byte[] BadlySigned(RadiusPacket request, RadiusCode code)
        {
            var bytes = Signed(request, code);
            bytes[RadiusPacket.HeaderLength + 2] ^= 0x01;
            return WithResponseAuthenticator(bytes, request);
        }

        /// <summary>A signed reply whose Response Authenticator is wrong (its Message-Authenticator is right).</summary>
        public static byte[] WrongResponseAuthenticator(RadiusPacket request, RadiusCode code)
        {
            var bytes = Signed(request, code);
            bytes[4] ^= 0x01;
            return bytes;
        }

        private static byte[] WithResponseAuthenticator(byte[] bytes, RadiusPacket request)
        {
            var authenticator = PacketSigner.ResponseAuthenticator(bytes, bytes.Length, request.Authenticator, Secret);
            Buffer.BlockCopy(authenticator, 0, bytes, 4, RadiusPacket.AuthenticatorLength);
            return bytes;
        }

        private async Task ServeAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                UdpReceiveResult datagram;
                try
                {
                    datagram = await _socket.ReceiveAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is ObjectDisposedException || e is SocketException)
                {
                    return;
                }
                if (RadiusPacket.TryParse(datagram.Buffer, out var request) != PacketError.None || request == null) continue;
                Requests.Enqueue((request, PacketSigner.VerifyMessageAuthenticator(datagram.Buffer, datagram.Buffer.Length, Secret)));
                foreach (var reply in AnswerFromElsewhere(request)) await _elsewhere.SendAsync(reply, reply.Length, datagram.RemoteEndPoint).ConfigureAwait(false);
                foreach (var reply in Answer(request)) await _socket.SendAsync(reply, reply.Length, datagram.RemoteEndPoint).ConfigureAwait(false);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _socket.Dispose();
            _elsewhere.Dispose();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }
        }
    }
}
