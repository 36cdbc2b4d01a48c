using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Radius.Dictionary;

namespace RasMfa.Engine.Radius.Client
{
    public enum PasswordEncoding
    {
        Pap,
        Chap,
    }

    /// <summary>What Test-RasMfaAuthentication asks: a login as a RADIUS client such as Parallels RAS would make it.</summary>
    public sealed class AuthenticationTestRequest
    {
        public string Server { get; set; } = "127.0.0.1";
        public int Port { get; set; } = 1812;
        public byte[] SharedSecret { get; set; } = new byte[0];
        public string UserName { get; set; } = "";
        public byte[]? Password { get; set; }
        public PasswordEncoding Encoding { get; set; } = PasswordEncoding.Pap;
        public IList<string> Responses { get; set; } = new List<string>();
        public bool StatusServer { get; set; }
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
        public int Retries { get; set; } = 2;
        public int MaxRounds { get; set; } = 10;
    }

    /// <summary>
    /// Runs a login through every Access-Challenge round. Answers come from <see cref="AuthenticationTestRequest.Responses"/>
    /// in order, then from the prompt callback (null ends the test at the challenge).
    /// </summary>
    public static class AuthenticationTest
    {
        public static async Task<AuthenticationTestResult> RunAsync(AuthenticationTestRequest request, Func<string?, string?>? prompt, CancellationToken cancellationToken)
        {
            var server = new IPEndPoint(Resolve(request.Server), request.Port);
            var pending = new Queue<string>(request.Responses);
            byte identifier = RandomIdentifier();
            byte[]? password = request.Password;
            byte[]? state = null;
            var elapsed = TimeSpan.Zero;
            for (int round = 1; round <= request.MaxRounds; round++)
            {
                var packet = request.StatusServer
                    ? new RadiusPacket(RadiusCode.StatusServer, identifier, RandomAuthenticator())
                    : BuildAccessRequest(request, identifier, password, state);
                var exchange = await RadiusExchange.SendAsync(PacketSigner.EncodeRequest(packet, request.SharedSecret), server, request.SharedSecret,
                    request.Timeout, request.Retries, requireMessageAuthenticator: false, cancellationToken).ConfigureAwait(false);
                elapsed += exchange.Elapsed;
                if (exchange.Reply == null)
                {
                    if (exchange.InvalidReplies > 0)
                        throw new RadiusReplyException($"{server} answered {exchange.InvalidReplies} time(s), but no reply verified: the shared secret is probably wrong, or the reply was altered.");
                    return AuthenticationTestResult.TimedOut(server, round, elapsed);
                }
                var reply = exchange.Reply;
                if (reply.Code != RadiusCode.AccessChallenge || request.StatusServer)
                    return AuthenticationTestResult.From(server, reply, exchange.Signed, round, elapsed);

                var replyMessage = AuthenticationTestResult.ReplyMessageOf(reply);
                string? answer = pending.Count > 0 ? pending.Dequeue() : prompt?.Invoke(replyMessage);
                if (answer == null) return AuthenticationTestResult.From(server, reply, exchange.Signed, round, elapsed);
                password = Encoding.UTF8.GetBytes(answer);
                state = reply.Find(RadiusAttributeType.State)?.Value;
                identifier++;
            }
            throw new RadiusReplyException($"{server} was still challenging after {request.MaxRounds} rounds.");
        }

        private static RadiusPacket BuildAccessRequest(AuthenticationTestRequest request, byte identifier, byte[]? password, byte[]? state)
        {
            var packet = new RadiusPacket(RadiusCode.AccessRequest, identifier, RandomAuthenticator());
            packet.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, request.UserName));
            var secretBytes = password ?? new byte[0];
            if (request.Encoding == PasswordEncoding.Chap)
            {
                byte chapId = RandomIdentifier();
                packet.Add(new RadiusAttribute(RadiusAttributeType.ChapPassword, ChapPassword.Create(chapId, secretBytes, packet.Authenticator)));
            }
            else
            {
                packet.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(secretBytes, request.SharedSecret, packet.Authenticator)));
            }
            if (state != null) packet.Add(new RadiusAttribute(RadiusAttributeType.State, state));
            packet.Add(RadiusAttribute.FromText(RadiusAttributeType.NasIdentifier, "Test-RasMfaAuthentication"));
            return packet;
        }

        private static IPAddress Resolve(string server)
        {
            if (IPAddress.TryParse(server, out var address)) return address;
            return Dns.GetHostAddresses(server).OrderBy(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 0 : 1).First();
        }

        private static byte[] RandomAuthenticator()
        {
            var bytes = new byte[RadiusPacket.AuthenticatorLength];
            using var random = RandomNumberGenerator.Create();
            random.GetBytes(bytes);
            return bytes;
        }

        private static byte RandomIdentifier() => RandomAuthenticator()[0];
    }

    /// <summary>The outcome of a test login, as a person checking a RADIUS server wants to see it.</summary>
    public sealed class AuthenticationTestResult
    {
        public string Server { get; private set; } = "";
        public string Code { get; private set; } = "";
        public bool Accepted => Code == nameof(RadiusCode.AccessAccept);
        public string? ReplyMessage { get; private set; }
        public string? State { get; private set; }
        public bool MessageAuthenticatorValid { get; private set; }
        public IReadOnlyList<KeyValuePair<string, object>> Attributes { get; private set; } = new KeyValuePair<string, object>[0];
        public int RoundTrips { get; private set; }
        public double Milliseconds { get; private set; }

        internal static string? ReplyMessageOf(RadiusPacket reply)
        {
            var parts = reply.FindAll(RadiusAttributeType.ReplyMessage).Select(a => a.AsText()).ToList();
            return parts.Count == 0 ? null : string.Concat(parts);
        }

        internal static AuthenticationTestResult From(IPEndPoint server, RadiusPacket reply, bool signed, int rounds, TimeSpan elapsed) => new AuthenticationTestResult
        {
            Server = server.ToString(),
            Code = reply.Code.ToString(),
            ReplyMessage = ReplyMessageOf(reply),
            State = reply.Find(RadiusAttributeType.State) is RadiusAttribute state ? BitConverter.ToString(state.Value).Replace("-", "") : null,
            MessageAuthenticatorValid = signed,
            Attributes = reply.Attributes.SelectMany(a => RadiusDictionary.Default.Describe(a)).ToList(),
            RoundTrips = rounds,
            Milliseconds = Math.Round(elapsed.TotalMilliseconds, 2),
        };

        internal static AuthenticationTestResult TimedOut(IPEndPoint server, int rounds, TimeSpan elapsed) => new AuthenticationTestResult
        {
            Server = server.ToString(),
            Code = "Timeout",
            RoundTrips = rounds,
            Milliseconds = Math.Round(elapsed.TotalMilliseconds, 2),
        };
    }

    /// <summary>The server answered, but not in a way a client may trust or finish with.</summary>
    public sealed class RadiusReplyException : Exception
    {
        public RadiusReplyException(string message) : base(message)
        {
        }
    }
}
