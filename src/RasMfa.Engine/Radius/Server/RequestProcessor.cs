using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Logging;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// One datagram in, zero or one datagram out. Keeps every protocol rule that does not depend on policy (RFC 2865,
    /// 5080 duplicates, 5997 Status-Server, the BlastRADIUS mitigations) and never throws: bad input is dropped and counted.
    /// </summary>
    public sealed class RequestProcessor
    {
        private readonly Func<ClientRegistry> _clients;
        private readonly IAccessRequestHandler _handler;
        private readonly DuplicateCache _duplicates;
        private readonly StatusServerLimiter _statusLimiter;
        private readonly InFlightGate _inFlight;
        private readonly DropLog _dropLog;
        private readonly IRequestMetrics _metrics;

        public RequestProcessor(Func<ClientRegistry> clients, IAccessRequestHandler handler, ServerCounters counters, DuplicateCache duplicates,
            StatusServerLimiter statusLimiter, InFlightGate inFlight, ILogger logger, IRequestMetrics? metrics = null)
        {
            _metrics = metrics ?? RequestMetrics.None;
            _clients = clients;
            _handler = handler;
            Counters = counters;
            _duplicates = duplicates;
            _statusLimiter = statusLimiter;
            _inFlight = inFlight;
            _dropLog = new DropLog(logger, TimeSpan.FromSeconds(10));
            Faults = new RequestFaultLog(logger, TimeSpan.FromSeconds(10));
        }

        /// <summary>Where a request that failed by a defect is logged, here and by the server that received it.</summary>
        public RequestFaultLog Faults { get; }

        public ServerCounters Counters { get; }

        /// <summary>Access-Requests being decided now.</summary>
        public int InFlight => _inFlight.InFlight;

        public async Task<byte[]?> ProcessAsync(byte[] datagram, int received, IPEndPoint source, CancellationToken cancellationToken)
        {
            _metrics.Received();
            long receivedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            var client = _clients().Find(source.Address);
            if (client == null) return Drop(DropReason.UnknownClient, source, "no client matches the source address");
            if (client.Unreadable != null || !(client.SharedSecret is { } secret)) return Drop(DropReason.ClientUnreadable, source, client, c => $"client {c.Name}: its shared secret cannot be unsealed");

            var framing = RadiusPacket.Validate(new ReadOnlySpan<byte>(datagram, 0, received), out int length);
            if (framing == PacketError.MalformedAttribute) return Drop(DropReason.MalformedAttributes, source, "attribute lengths do not add up");
            if (framing != PacketError.None) return Drop(DropReason.BadLength, source, framing, f => f.ToString());

            var code = (RadiusCode)datagram[0];
            if (code != RadiusCode.AccessRequest && code != RadiusCode.StatusServer) return Drop(DropReason.UnknownCode, source, code, c => $"code {(int)c}");

            var signature = PacketSigner.VerifyMessageAuthenticator(datagram, length, secret);
            if (signature == MessageAuthenticatorStatus.Invalid)
                return Drop(DropReason.BadMessageAuthenticator, source, client, c => $"client {c.Name}: wrong shared secret or altered packet");

            var request = RadiusPacket.ParseValidated(datagram, length);
            if (signature == MessageAuthenticatorStatus.Absent)
            {
                if (code == RadiusCode.StatusServer || client.RequireMessageAuthenticator || request.Find(RadiusAttributeType.EapMessage) != null)
                    return Drop(DropReason.MissingMessageAuthenticator, source, client, c => $"client {c.Name} must sign its requests");
                if (client.LimitProxyState && request.Find(RadiusAttributeType.ProxyState) != null)
                    return Drop(DropReason.ProxyStateWithoutMessageAuthenticator, source, client, c => $"client {c.Name}");
            }

            if (code == RadiusCode.StatusServer)
            {
                if (!_statusLimiter.TryTake(source.Address)) return Drop(DropReason.StatusServerRateLimited, source, client.Name);
                Counters.CountStatusServer();
                return ResponseBuilder.BuildStatusReply(request, secret);
            }
            return await AnswerAccessRequestAsync(request, client, secret, source, signature == MessageAuthenticatorStatus.Valid, receivedAt, cancellationToken).ConfigureAwait(false);
        }

        private async Task<byte[]?> AnswerAccessRequestAsync(RadiusPacket request, RadiusClientDefinition client, byte[] secret, IPEndPoint source, bool signed,
            long receivedAt, CancellationToken cancellationToken)
        {
            string? invalid = Invalidity(request);
            if (invalid != null) return Drop(DropReason.InvalidRequest, source, invalid);

            var key = new RequestKey(source, request.Identifier, request.Authenticator);
            switch (_duplicates.Begin(key, out var cached))
            {
                case DuplicateStatus.Answered:
                    Counters.CountDuplicate();
                    return cached;
                case DuplicateStatus.InProgress:
                    Counters.CountDuplicate();
                    return Drop(DropReason.DuplicateInProgress, source, "the first copy is still being handled");
                case DuplicateStatus.NotCached:
                    Counters.CountUncached();
                    break;
            }

            // The cap first: only a request it refuses is asked whether it is a second round, and that from what the handler
            // holds in memory, so that a flood the cap sheds costs nothing more.
            if (!_inFlight.TryEnter(secondRound: false) && !(IsSecondRound(request, client) && _inFlight.TryEnter(secondRound: true)))
            {
                _duplicates.Abandon(key);
                return Drop(DropReason.InFlightLimit, source, (client.Name, _inFlight.InFlight), held => $"client {held.Name}: {held.InFlight} requests already being decided");
            }
            Counters.CountRequest();
            AccessDecision decision;
            try
            {
                decision = await _handler.DecideAsync(new AccessRequestContext(request, client, source, signed), cancellationToken).ConfigureAwait(false);
            }
            catch (AnswerWithheldException e)
            {
                _duplicates.Abandon(key);
                return Drop(DropReason.AnswerWithheld, source, (client.Name, e.Message), withheld => $"client {withheld.Name}: {withheld.Message}");
            }
            // A cancellation is the server's stop only when the stop token says so; another (an HTTP client's own timeout) is a
            // fault like any other, forgotten so that the retransmission is decided afresh.
            catch (Exception e) when (!(e is OperationCanceledException) || !cancellationToken.IsCancellationRequested)
            {
                _duplicates.Abandon(key);
                Faults.Failed(e, client.Name, source);
                return Drop(DropReason.HandlerFault, source, e.GetType().Name);
            }
            finally
            {
                _inFlight.Exit();
            }
            if (decision.DiscardReason is DropReason discard)
            {
                // Forgotten, so that a retransmission is judged afresh (the cap may have room by then).
                _duplicates.Abandon(key);
                return Drop(discard, source, decision.DiscardDetail ?? "");
            }
            var response = ResponseBuilder.Build(request, decision, secret);
            if (response == null)
            {
                _duplicates.Abandon(key);
                return Drop(DropReason.ReplyTooLong, source, (client.Name, decision.Code), reply => $"client {reply.Name}: the {reply.Code} would exceed {RadiusPacket.MaxLength} octets");
            }
            _duplicates.Complete(key, response);
            Counters.CountAnswer(decision.Code);
            _metrics.Answered(decision.Code, decision.Label, RequestMetrics.SecondsSince(receivedAt));
            return response;
        }

        private bool IsSecondRound(RadiusPacket request, RadiusClientDefinition client)
        {
            var state = request.Find(RadiusAttributeType.State);
            return state != null && _handler is IOpenChallengeLookup challenges && challenges.IsKnownOpen(state.Value, client.Name);
        }

        // Never both passwords (RFC 2865 section 5.2); one State at most (RFC 5080). A request with no password at all breaks
        // RFC 2865 section 4.1, but clients send it for "forward username only", and it can only lead to a challenge.
        // Proxy-State that no reply could copy is refused before anything is decided (no code used, no challenge opened).
        private static string? Invalidity(RadiusPacket request)
        {
            int passwords = request.Count(RadiusAttributeType.UserPassword);
            int chap = request.Count(RadiusAttributeType.ChapPassword);
            int states = request.Count(RadiusAttributeType.State);
            if (passwords > 1 || chap > 1 || (passwords == 1 && chap == 1)) return "more than one password attribute";
            if (states > 1) return "more than one State";
            if (request.Count(RadiusAttributeType.UserName) != 1) return "User-Name missing or repeated";
            if (ResponseBuilder.ProxyStateOctets(request) > ResponseBuilder.MaxProxyStateOctets) return "more Proxy-State than a reply can carry";
            return null;
        }

        private byte[]? Drop(DropReason reason, IPEndPoint source, string detail) => Drop(reason, source, detail, text => text);

        // Counted always; the detail made only if the drop log writes this one (a flood of spoofed packets formats nothing).
        private byte[]? Drop<TState>(DropReason reason, IPEndPoint source, TState state, Func<TState, string> detail)
        {
            Counters.CountDrop(reason);
            _metrics.Dropped(reason);
            _dropLog.Dropped(reason, source, state, detail);
            return null;
        }
    }
}
