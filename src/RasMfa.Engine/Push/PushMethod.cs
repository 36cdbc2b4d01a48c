using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Push
{
    /// <summary>
    /// Push approval with number matching (<see cref="Clients.MethodKind.Push"/>): one instance per listener, offered to the
    /// users who hold push. Round one stores an approval, sends its link, and shows the number in the prompt; round two
    /// waits (polling the store, which the page on any server decides) until the user decides or the client's push timeout
    /// (else PushTimeoutSeconds) passes. Only an Approve with the right number matches; a Deny, a wrong number or no decision does not.
    /// </summary>
    public sealed class PushMethod : IPushMethod
    {
        public const string MethodName = "Push";

        private readonly PushApprovalService _approvals;
        private readonly IDeliveryChannels _channels;
        private readonly HeldRequests _held;
        private readonly ILogger _log;
        private readonly Func<ApprovalPageDefinition?> _page;
        private readonly Func<MfaSettings> _settings;

        // A flood of push starts for one user (push bombing) or a provider that is down must not fill the log.
        private readonly Logging.RateLimitedLog _notSentLog = new Logging.RateLimitedLog(TimeSpan.FromSeconds(10));

        /// <param name="page">The page served now; null while none is (push is then not startable).</param>
        /// <param name="settings">The settings now: PushNotifyBy says which channel and which of the user's addresses the link goes to.</param>
        public PushMethod(PushApprovalService approvals, IDeliveryChannels channels, HeldRequests held, Func<ApprovalPageDefinition?> page, Func<MfaSettings> settings, ILogger log)
        {
            _approvals = approvals;
            _page = page;
            _settings = settings;
            _channels = channels;
            _held = held;
            _log = log;
        }

        /// <summary>How often a held round reads the approval's row.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(300);

        /// <summary>The clock deciding when a held round has waited long enough (the store's clock on a shared store).</summary>
        public Func<DateTime> Clock { get; set; } = () => DateTime.UtcNow;

        public string Name => MethodName;

        public int CodeLength => 0;

        /// <summary>Whether a push can start now: a page is served and the channel PushNotifyBy names has a provider.</summary>
        public bool HasChannel => _page() != null && _channels.For(ChannelOf(_settings().PushNotifyBy)) != null;

        /// <summary>Whether the link can reach <paramref name="user"/> as PushNotifyBy sends it (a webhook always; e-mail and SMS need the address).</summary>
        public bool Reaches(MfaUser user) => RecipientFor(user, _settings().PushNotifyBy) != null;

        public async Task<ChallengeStart?> BeginAsync(MethodRequest request, CancellationToken cancellationToken)
        {
            var settings = request.Settings;
            var kind = ChannelOf(settings.PushNotifyBy);
            var recipient = RecipientFor(request.User, settings.PushNotifyBy);
            var channel = _channels.For(kind);
            var page = _page();
            if (channel == null || recipient == null || page == null)
            {
                NotSent(request.User.UserName, page == null ? "no approval page is set" : channel == null ? $"no {kind} provider is set" : $"the user has no {kind} address");
                return new ChallengeStart("Push approval is not available. Enter a code instead.");
            }
            if (_approvals.Store.CountPending(request.User.UserName, request.NowUtc) >= settings.MaxPendingPushApprovalsPerUser)
            {
                NotSent(request.User.UserName, $"{settings.MaxPendingPushApprovalsPerUser} approvals are already waiting (MaxPendingPushApprovalsPerUser)");
                return new ChallengeStart("A sign-in request is already waiting on your phone. Answer it, or wait two minutes and try again.");
            }
            var (approval, token) = _approvals.Create(request.User.UserName, request.ClientName, request.SourceAddress, request.CallingStationId, request.NowUtc,
                TimeSpan.FromSeconds(settings.ChallengeLifetimeSeconds));
            string link = page.LinkFor(token);
            var message = new OutgoingMessage(recipient, "Approve your sign-in", "Approve or deny your sign-in: " + link) { Link = link };
            var sent = await channel.SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (!sent.Delivered)
            {
                NotSent(request.User.UserName, "the provider did not take it: " + sent.Failure);
                return new ChallengeStart("The approval request could not be sent. Try again or enter a code.");
            }
            return new ChallengeStart($"Open the link sent to your phone and pick {approval.Number}, then press OK.", approval.Id);
        }

        public async Task<MethodMatch?> VerifyAsync(CodeResponse response, MethodRequest request, CancellationToken cancellationToken)
        {
            // Only within the challenge it began: a first-round request names no approval. Whatever round two's password
            // holds (RAS's dialog sends what was typed, often nothing) is not looked at: the page decides.
            if (request.ChallengeData == null) return null;
            var settings = request.Settings;
            if (!_held.TryHold(request.ClientName, settings.MaxHeldPushRequests, settings.MaxHeldPushRequestsPerClient)) return null;
            try
            {
                var deadline = Clock() + TimeSpan.FromSeconds(request.PushTimeoutSeconds ?? settings.PushTimeoutSeconds);
                while (true)
                {
                    var approval = _approvals.Store.Get(request.ChallengeData);
                    if (approval == null || approval.UserName != request.User.UserName || approval.ClientName != request.ClientName) return null;
                    var now = Clock();
                    var decision = approval.DecisionAt(now);
                    if (decision == PushDecision.Approved) return new MethodMatch(null);
                    if (decision != PushDecision.Pending || now >= deadline) return null;
                    await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _held.Release(request.ClientName);
            }
        }

        private void NotSent(string userName, string reason)
        {
            var turn = _notSentLog.Occurred();
            if (turn.Write)
                _log.LogWarning(Logging.LogEvents.PushNotificationFailed, "No push notification for {User}: {Reason} ({Suppressed} more not sent before this, not logged)",
                    Audit.DisplayText.Escape(userName), reason, turn.SuppressedBefore);
        }

        private static DeliveryKind ChannelOf(PushNotifyBy notifyBy) => notifyBy switch
        {
            PushNotifyBy.Email => DeliveryKind.Email,
            PushNotifyBy.Sms => DeliveryKind.Sms,
            _ => DeliveryKind.Push,
        };

        // The same address rules as the codes sent out of band: an E.164 number, a well-formed mail address.
        private static string? RecipientFor(MfaUser user, PushNotifyBy notifyBy) => notifyBy switch
        {
            PushNotifyBy.Email => MethodRecipients.RecipientOf(user, Clients.MethodKind.Email),
            PushNotifyBy.Sms => MethodRecipients.RecipientOf(user, Clients.MethodKind.Sms),
            _ => user.UserName,
        };
    }
}
