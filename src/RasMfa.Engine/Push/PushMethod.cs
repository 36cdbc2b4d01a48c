using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Methods;

namespace RasMfa.Engine.Push
{
    /// <summary>
    /// Push approval with number matching. Round one stores an approval, sends its link, and shows the number in the
    /// prompt; round two waits (polling the store, which the page on any server decides) until the user decides or
    /// PushTimeoutSeconds pass. Only an Approve with the right number matches; a Deny, a wrong number or no decision does not.
    /// </summary>
    public sealed class PushMethod : ISingleRoundMethod
    {
        public const string MethodName = "Push";

        private readonly PushApprovalService _approvals;
        private readonly IDeliveryChannels _channels;
        private readonly HeldRequests _held;
        private readonly ILogger _log;
        private readonly Func<ApprovalPageDefinition?> _page;

        // A flood of push starts for one user (push bombing) or a provider that is down must not fill the log.
        private readonly Logging.RateLimitedLog _notSentLog = new Logging.RateLimitedLog(TimeSpan.FromSeconds(10));

        public PushMethod(PushApprovalService approvals, IDeliveryChannels channels, HeldRequests held, Func<ApprovalPageDefinition?> page, ILogger log)
        {
            _approvals = approvals;
            _page = page;
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

        public async Task<ChallengeStart?> BeginAsync(MethodRequest request, CancellationToken cancellationToken)
        {
            var settings = request.Settings;
            var (recipient, kind) = RecipientFor(request);
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
                var deadline = Clock() + TimeSpan.FromSeconds(settings.PushTimeoutSeconds);
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
                    userName, reason, turn.SuppressedBefore);
        }

        private static (string? Recipient, DeliveryKind Kind) RecipientFor(MethodRequest request) => request.Settings.PushNotifyBy switch
        {
            PushNotifyBy.Email => (request.User.Email, DeliveryKind.Email),
            PushNotifyBy.Sms => (request.User.PhoneNumber, DeliveryKind.Sms),
            _ => (request.User.UserName, DeliveryKind.Push),
        };
    }
}
