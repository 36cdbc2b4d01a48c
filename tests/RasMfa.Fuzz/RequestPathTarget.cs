using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Clients;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;

namespace RasMfa.Fuzz
{
    /// <summary>
    /// Target (b): one datagram through RequestProcessor and the real MfaRequestHandler over a real store, as the listener
    /// runs it. A crash is any exception out of ProcessAsync, a handler fault the processor swallowed, an error logged,
    /// a reply that breaks the reply rules, or an answer to a source that is no client.
    /// </summary>
    public sealed class RequestPathTarget
    {
        private static readonly DateTime Start = new DateTime(2026, 11, 28, 8, 0, 5, DateTimeKind.Utc);
        private readonly FuzzWorld _world;
        private long _executions;

        public RequestPathTarget(FuzzWorld world) => _world = world;

        /// <summary>Runs one input; returns what happened to it (the reply's code or why it was dropped), for replay.</summary>
        public string Run(byte[] input)
        {
            var request = new RequestInput(input);
            // A TOTP step per execution: the code a '#' stands for is fresh each time, lockouts (one minute) and challenges
            // (120 s) run out after a few executions, and what one input did weighs little on the next.
            var now = Start + TimeSpan.FromSeconds(30 * _executions++);
            var logger = new RecordingLogger();
            var counters = new ServerCounters();
            var challenges = new ChallengeStore(_world.Store.Logins, () => now);
            var handler = new MfaRequestHandler(_world.Store.Logins, () => _world.Settings, challenges, logger, () => now,
                client => client.FirstFactor == FirstFactor.None ? null : AcceptingFirstFactor.Instance);
            var processor = new RequestProcessor(() => _world.Clients, handler, counters, new DuplicateCache(TimeSpan.FromSeconds(10), () => now),
                new StatusServerLimiter(clock: () => now), new InFlightGate(() => _world.Settings.MaxRequestsInFlight), logger);

            var source = request.Source;
            var datagram = request.Datagram;
            if (request.Has(RequestFlags.FixLength)) datagram = PacketShaper.WithLengthOfDatagram(datagram);
            string userName = PacketShaper.UserNameOf(datagram) ?? "alice";
            if (request.Has(RequestFlags.ChallengeFirst))
            {
                var state = OpenChallenge(processor, source, userName);
                if (state != null) datagram = PacketShaper.WithState(datagram, state);
            }
            if (request.Has(RequestFlags.RealCredentials)) datagram = PacketShaper.WithRealCredentials(datagram, FuzzWorld.Secret, _world.CurrentCode(userName, now));
            if (request.Has(RequestFlags.Sign)) datagram = PacketShaper.Signed(datagram, FuzzWorld.Secret);

            var reply = Send(processor, datagram, source);
            if (reply != null)
            {
                if (_world.Clients.Find(source.Address) == null) throw new FuzzFinding("A source that is no client was answered.");
                ReplyRules.Check(datagram, reply, FuzzWorld.Secret);
                if (datagram[0] == (byte)RadiusCode.StatusServer && reply[0] != (byte)RadiusCode.AccessAccept) throw new FuzzFinding("Status-Server was not answered with Access-Accept.");
            }
            long faults = counters.Snapshot().DroppedByReason[nameof(DropReason.HandlerFault)];
            if (faults > 0) throw new FuzzFinding($"The handler faulted {faults} time(s): {string.Join(" | ", logger.Errors)}");
            if (logger.Errors.Count > 0) throw new FuzzFinding("Logged an error: " + string.Join(" | ", logger.Errors));
            if (reply != null) return ((RadiusCode)reply[0]).ToString();
            var dropped = counters.Snapshot().DroppedByReason.Where(pair => pair.Value > 0).Select(pair => pair.Key);
            return "dropped: " + string.Join(", ", dropped);
        }

        // A first round the client would send: the name, and the domain password where the client checks one here.
        private static byte[]? OpenChallenge(RequestProcessor processor, IPEndPoint source, string userName)
        {
            var first = new RadiusPacket(RadiusCode.AccessRequest, 0xEE, FixedAuthenticator(userName));
            if (userName.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(userName) > RadiusAttribute.MaxValueLength) userName = "alice";
            first.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, userName));
            if (source.Equals(FuzzWorld.UnsignedSource) || source.Equals(FuzzWorld.AppendedSource))
            {
                var password = System.Text.Encoding.UTF8.GetBytes(FuzzWorld.DomainPassword);
                first.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(password, FuzzWorld.Secret, first.Authenticator)));
            }
            var reply = Send(processor, PacketSigner.EncodeRequest(first, FuzzWorld.Secret), source);
            if (reply == null || RadiusPacket.TryParse(reply, out var answer) != PacketError.None || answer!.Code != RadiusCode.AccessChallenge) return null;
            return answer.Find(RadiusAttributeType.State)?.Value;
        }

        private static byte[] FixedAuthenticator(string seed)
        {
            var authenticator = new byte[RadiusPacket.AuthenticatorLength];
            new Random(seed.Length).NextBytes(authenticator);
            return authenticator;
        }

        private static byte[]? Send(RequestProcessor processor, byte[] datagram, IPEndPoint source) =>
            processor.ProcessAsync(datagram, datagram.Length, source, CancellationToken.None).GetAwaiter().GetResult();

        /// <summary>The domain password check a directory or NPS would make, without either: one password is right.</summary>
        private sealed class AcceptingFirstFactor : IFirstFactorChecker
        {
            public static readonly AcceptingFirstFactor Instance = new AcceptingFirstFactor();

            public Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken)
            {
                bool right = System.Text.Encoding.UTF8.GetString(password) == FuzzWorld.DomainPassword;
                return Task.FromResult(new FirstFactorResult(right ? FirstFactorOutcome.Accepted : FirstFactorOutcome.Rejected, right ? "stand-in accepted" : "stand-in rejected",
                    right ? new[] { RadiusAttribute.FromText(25, "class-from-upstream") } : null));
            }
        }
    }
}
