using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Mfa.OutOfBand;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Push
{
    /// <summary>
    /// Push approval with number matching (<see cref="Clients.MethodKind.Push"/>): one instance per listener, offered to the
    /// users who hold push. Round one stores an approval, sends its link, and shows the number in the prompt; round two
    /// waits (polling the store, which the page on any server decides) until the user decides or the client's push timeout
    /// (else PushTimeoutSeconds) passes. Only an Approve with the right number matches; a Deny, a wrong number or no decision does
    /// not, and <see cref="AnswerAsync"/> says which. A round not decided in time decides its approval Expired, so that the
    /// link is dead once RAS was told Reject.
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
        private readonly Logging.RateLimitedLog _deniedLog = new Logging.RateLimitedLog(TimeSpan.FromSeconds(10), linesPerInterval: 5);
        private readonly Logging.RateLimitedLog _notHeldLog = new Logging.RateLimitedLog(TimeSpan.FromSeconds(10));
        private readonly ISendLimits? _limits;

        /// <param name="page">The page served now; null while none is (push is then not startable).</param>
        /// <param name="settings">The settings now: PushNotifyBy says which channel and which of the user's addresses the link goes to.</param>
        /// <param name="limits">The send limits a link sent by SMS or e-mail counts against; null: push by SMS or e-mail is not sent.</param>
        public PushMethod(PushApprovalService approvals, IDeliveryChannels channels, ISendLimits? limits, HeldRequests held, Func<ApprovalPageDefinition?> page, Func<MfaSettings> settings, ILogger log)
        {
            _limits = limits;
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
                NotSent(request.User.UserName, page == null ? "no approval page is set" : channel == null ? $"no {kind} provider is set"
                    : settings.PushNotifyBy == PushNotifyBy.Sms ? "the user has no phone number in E.164 form" : $"the user has no {kind} address");
                return new ChallengeStart("Push approval is not available. Enter a code instead.");
            }
            // Counted and stored in one step of the store's, so that first rounds arriving together cannot all pass the cap.
            var made = _approvals.TryCreate(request.User.UserName, request.ClientName, request.SourceAddress, request.CallingStationId, request.NowUtc,
                TimeSpan.FromSeconds(settings.ChallengeLifetimeSeconds), settings.MaxPendingPushApprovalsPerUser);
            if (made == null)
            {
                NotSent(request.User.UserName, $"{settings.MaxPendingPushApprovalsPerUser} approvals are already waiting (MaxPendingPushApprovalsPerUser)");
                return new ChallengeStart("A sign-in request is already waiting on your phone. Answer it, or wait two minutes and try again.");
            }
            var (approval, token) = made.Value;
            var refusal = await CountSend(kind, request).ConfigureAwait(false);
            if (refusal != null)
            {
                // Never sent: the approval must not stay pending (it would count toward MaxPendingPushApprovalsPerUser).
                _approvals.Store.TryDecide(approval.TokenHash, PushDecision.Expired, request.NowUtc);
                NotSent(request.User.UserName, refusal);
                return ChallengeStart.Refused("Too many sign-in requests were sent. Wait a few minutes, then try again.", "push " + refusal);
            }
            string link = page.LinkFor(token);
            var message = new OutgoingMessage(recipient, "Approve your sign-in", "Approve or deny your sign-in: " + link) { Link = link };
            var sent = await channel.SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (!sent.Delivered)
            {
                _approvals.Store.TryDecide(approval.TokenHash, PushDecision.Expired, request.NowUtc);
                NotSent(request.User.UserName, "the provider did not take it: " + sent.Failure);
                return new ChallengeStart("The approval request could not be sent. Try again or enter a code.");
            }
            return new ChallengeStart($"Open the link sent to your phone and pick {approval.Number}, then press OK.", approval.Id);
        }

        // A link sent by SMS or e-mail costs what a sent code does and can bomb a phone as well: it counts against the same
        // send limits (per user and channel, per client, over all). The webhook's push is bounded by MaxPendingPushApprovalsPerUser.
        private async Task<string?> CountSend(DeliveryKind kind, MethodRequest request)
        {
            if (kind == DeliveryKind.Push) return null;
            var method = kind == DeliveryKind.Sms ? Clients.MethodKind.Sms : Clients.MethodKind.Email;
            if (_limits == null) return $"by {kind} not sent: this listener has no send limits";
            var settings = request.Settings;
            return await _limits.TryCountAsync(request.User.Id, method, request.ClientName, request.NowUtc, settings).ConfigureAwait(false) switch
            {
                SendAllowance.Allowed => null,
                SendAllowance.UserLimit => $"by {kind} not sent: send limit reached, {settings.SendLimitPerUser} per {settings.SendLimitPerUserMinutes} minutes for the user",
                SendAllowance.ClientLimit => $"by {kind} not sent: send limit reached, {settings.SendLimitPerClientPerMinute} per minute for the client",
                _ => $"by {kind} not sent: send limit reached, {settings.SendLimitGlobalPerMinute} per minute over all clients",
            };
        }

        public async Task<MethodMatch?> VerifyAsync(CodeResponse response, MethodRequest request, CancellationToken cancellationToken) =>
            (await AnswerAsync(response, request, cancellationToken).ConfigureAwait(false)).Match;

        public async Task<SingleRoundAnswer> AnswerAsync(CodeResponse response, MethodRequest request, CancellationToken cancellationToken)
        {
            // Only within the challenge it began: a first-round request names no approval. Whatever round two's password
            // holds (RAS's dialog sends what was typed, often nothing) is not looked at: the page decides.
            if (request.ChallengeData == null) return SingleRoundAnswer.Unknown;
            var settings = request.Settings;
            if (!_held.TryHold(request.ClientName, settings.MaxHeldPushRequests, settings.MaxHeldPushRequestsPerClient))
                return NotHeld(request, settings);
            try
            {
                int timeoutSeconds = request.PushTimeoutSeconds ?? settings.PushTimeoutSeconds;
                var deadline = Clock() + TimeSpan.FromSeconds(timeoutSeconds);
                while (true)
                {
                    var approval = _approvals.Store.Get(request.ChallengeData);
                    if (approval == null || approval.UserName != request.User.UserName || approval.ClientName != request.ClientName) return SingleRoundAnswer.Unknown;
                    var now = Clock();
                    var decision = approval.DecisionAt(now);
                    if (decision == PushDecision.Pending && now >= deadline)
                    {
                        // RAS is told Reject: the approval is decided Expired (once, conditionally), so the link is dead and
                        // no longer counts as waiting. Lost to a decision made meanwhile, that decision stands.
                        if (_approvals.Store.TryDecide(approval.TokenHash, PushDecision.Expired, now))
                            return SingleRoundAnswer.Failed($"push not decided within {timeoutSeconds} seconds (timed out)");
                        var settled = _approvals.Store.Get(request.ChallengeData);
                        decision = settled?.DecisionAt(now) ?? PushDecision.Expired;
                        if (decision == PushDecision.Pending) decision = PushDecision.Expired;
                    }
                    if (decision != PushDecision.Pending) return Outcome(decision, approval);
                    await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _held.Release(request.ClientName);
            }
        }

        private SingleRoundAnswer Outcome(PushDecision decision, PushApproval approval)
        {
            switch (decision)
            {
                case PushDecision.Approved:
                    return SingleRoundAnswer.Matched(new MethodMatch(null));
                case PushDecision.Denied:
                    // "This was not me": whoever signed in likely knows the password. The admin must hear of it.
                    var turn = _deniedLog.Occurred();
                    if (turn.Write)
                        _log.LogWarning(Logging.LogEvents.PushDenied, "{User} denied a push sign-in on the approval page (client {Client}, from {Station}): the password may be known to someone else ({Suppressed} more denials not logged before this)",
                            Audit.DisplayText.Escape(approval.UserName), Audit.DisplayText.Escape(approval.ClientName), Audit.DisplayText.Escape(approval.CallingStationId ?? "-"), turn.SuppressedBefore);
                    return SingleRoundAnswer.Failed("push denied on the approval page");
                case PushDecision.WrongNumber:
                    return SingleRoundAnswer.Failed("push refused: a number other than the one shown was picked on the approval page");
                default:
                    return SingleRoundAnswer.Failed("push expired before it was decided (timed out)");
            }
        }

        // A full cap is the server's state, not the user's doing: refused without counting toward their lockout.
        private SingleRoundAnswer NotHeld(MethodRequest request, MfaSettings settings)
        {
            var turn = _notHeldLog.Occurred();
            if (turn.Write)
                _log.LogWarning(Logging.LogEvents.PushNotHeld, "A push round for {User} through {Client} was refused: {Total} rounds are held (MaxHeldPushRequests {Max}, MaxHeldPushRequestsPerClient {PerClient}) ({Suppressed} more not logged before this)",
                    Audit.DisplayText.Escape(request.User.UserName), Audit.DisplayText.Escape(request.ClientName), _held.Total, settings.MaxHeldPushRequests,
                    settings.MaxHeldPushRequestsPerClient, turn.SuppressedBefore);
            return SingleRoundAnswer.Busy($"push round not held: the server holds as many as MaxHeldPushRequests ({settings.MaxHeldPushRequests}) or MaxHeldPushRequestsPerClient ({settings.MaxHeldPushRequestsPerClient}) allow; not counted against the user");
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
