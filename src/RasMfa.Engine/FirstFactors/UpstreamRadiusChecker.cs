using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Client;

namespace RasMfa.Engine.FirstFactors
{
    /// <summary>
    /// Forwards the password as a PAP Access-Request signed with Message-Authenticator, to each upstream server in
    /// order until one answers with a reply that verifies, signed unless the server is let off
    /// (<see cref="UpstreamRadiusServer.RequireMessageAuthenticator"/>); failover on timeout or when no reply verified.
    /// </summary>
    public sealed class UpstreamRadiusChecker : IFirstFactorChecker
    {
        private readonly IReadOnlyList<UpstreamRadiusServer> _servers;
        private readonly UpstreamReplyLog _replyLog;

        public UpstreamRadiusChecker(IReadOnlyList<UpstreamRadiusServer> servers, UpstreamReplyLog? replyLog = null)
        {
            _servers = servers;
            _replyLog = replyLog ?? UpstreamReplyLog.Silent;
        }

        public async Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken)
        {
            // The request path refuses these first (MalformedInputStage); this is for any path that comes later. The upstream
            // may be NPS, which binds to AD with what it gets: a NUL would cut the password there.
            var flaw = ReceivedText.PasswordFlaw(password) is { } passwordFlaw ? "malformed password: " + passwordFlaw
                : ReceivedText.NameFlaw(userName) is { } nameFlaw ? "malformed user name: " + nameFlaw : null;
            if (flaw != null) return new FirstFactorResult(FirstFactorOutcome.Rejected, flaw + "; nothing was forwarded");
            var tried = new List<string>();
            foreach (var server in _servers)
            {
                // The listener leaves such a server out; this is for any other path. A password hidden with a secret that is
                // not the server's could be read by anyone who sees the packet.
                if (server.Unreadable != null || !(server.SharedSecret is { } secret))
                {
                    tried.Add($"{server.Name}: its shared secret cannot be unsealed; nothing was sent");
                    continue;
                }
                IPEndPoint endpoint;
                try
                {
                    endpoint = new IPEndPoint(await ResolveAsync(server.Address).ConfigureAwait(false), server.Port);
                }
                catch (SocketException)
                {
                    tried.Add($"{server.Name}: address '{server.Address}' does not resolve");
                    continue;
                }
                var request = new RadiusPacket(RadiusCode.AccessRequest, RandomByte(), RandomAuthenticator());
                request.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, userName));
                request.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(password, secret, request.Authenticator)));
                request.Add(RadiusAttribute.FromText(RadiusAttributeType.NasIdentifier, "RasMfa"));
                var exchange = await RadiusExchange.SendAsync(PacketSigner.EncodeRequest(request, secret), endpoint, secret,
                    TimeSpan.FromSeconds(server.TimeoutSeconds), server.Retries, server.RequireMessageAuthenticator, cancellationToken).ConfigureAwait(false);
                if (exchange.InvalidReplies > 0) _replyLog.Discarded(server.Name, exchange.Discarded);
                if (exchange.Reply == null)
                {
                    tried.Add(exchange.InvalidReplies > 0 ? $"{server.Name}: {Describe(exchange.Discarded)}" : $"{server.Name}: no answer");
                    continue;
                }
                switch (exchange.Reply.Code)
                {
                    case RadiusCode.AccessAccept:
                        return new FirstFactorResult(FirstFactorOutcome.Accepted, $"password accepted by {server.Name}", exchange.Reply.Attributes.ToList());
                    case RadiusCode.AccessReject:
                        return new FirstFactorResult(FirstFactorOutcome.Rejected, $"password rejected by {server.Name}");
                    default:
                        return new FirstFactorResult(FirstFactorOutcome.Rejected, $"{server.Name} answered {exchange.Reply.Code}, which a first factor cannot use");
                }
            }
            return new FirstFactorResult(FirstFactorOutcome.Unavailable, "first factor unavailable: " + string.Join("; ", tried));
        }

        /// <summary>For the audit log: why nothing from the server was taken.</summary>
        private static string Describe(DiscardTally discarded)
        {
            if (discarded.Count(ReplyDiscard.MissingMessageAuthenticator) > 0)
                return "replies carried no Message-Authenticator and were ignored (make the server sign them, see Get-Help Set-RasMfaUpstreamRadiusServer)";
            return "replies did not verify and were ignored (" + string.Join(", ", discarded.ByReason.Select(p => $"{p.Key} {p.Value}")) + "; shared secret?)";
        }

        private static async Task<IPAddress> ResolveAsync(string address) =>
            IPAddress.TryParse(address, out var parsed) ? parsed : (await Dns.GetHostAddressesAsync(address).ConfigureAwait(false)).First();

        private static byte[] RandomAuthenticator()
        {
            var bytes = new byte[RadiusPacket.AuthenticatorLength];
            using var random = RandomNumberGenerator.Create();
            random.GetBytes(bytes);
            return bytes;
        }

        private static byte RandomByte() => RandomAuthenticator()[0];
    }
}
