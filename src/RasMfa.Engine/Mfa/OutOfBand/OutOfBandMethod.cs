using System;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Users;
using RasMfa.Engine.Clients;

namespace RasMfa.Engine.Mfa.OutOfBand
{
    /// <summary>
    /// A code sent by SMS, read out by a voice call, or e-mailed; the kind picks the channel. Beginning a challenge counts
    /// the send against the limits in the store, makes a code from a CSPRNG, sends it, and keeps only its keyed hash and
    /// expiry with the challenge. The code matches only within that challenge, before its expiry; the settling write spends
    /// the challenge, so a code is used once.
    /// </summary>
    public sealed class OutOfBandMethod : ISecondFactorMethod
    {
        private readonly IDeliveryChannels _channels;
        private readonly ISendLimits? _limits;

        /// <param name="recipient">The user's E.164 phone number (SMS, voice) or mail address (e-mail).</param>
        public OutOfBandMethod(MethodKind kind, string recipient, IDeliveryChannels channels, ISendLimits? limits)
        {
            if (!MethodKinds.IsOutOfBand(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an out-of-band method");
            Kind = kind;
            Recipient = recipient;
            _channels = channels;
            _limits = limits;
        }

        public MethodKind Kind { get; }

        public string Recipient { get; }

        public string Name => MethodKinds.AuditName(Kind);

        /// <summary>No code the user holds before the challenge: nothing to split off a "password+code" field.</summary>
        public int CodeLength => 0;

        /// <summary>Whether a provider is configured for this kind now.</summary>
        public bool HasChannel => _channels.For(MethodKinds.Delivery(Kind)) != null;

        public async Task<ChallengeStart?> BeginAsync(MethodRequest request, CancellationToken cancellationToken)
        {
            var spoken = MethodKinds.Spoken(Kind);
            var channel = _channels.For(MethodKinds.Delivery(Kind));
            if (channel == null) return ChallengeStart.Refused(Unavailable(Kind), $"no {spoken} provider is configured");
            if (_limits == null || request.CodeKey == null) return ChallengeStart.Refused(Unavailable(Kind), $"{spoken} cannot be sent by this listener (no send limits or code key)");
            var settings = request.Settings;
            var allowance = await _limits.TryCountAsync(request.User.Id, Kind, request.ClientName, request.NowUtc, settings).ConfigureAwait(false);
            if (allowance != SendAllowance.Allowed) return ChallengeStart.Refused(WaitMessage, LimitReason(allowance, settings));
            var code = OutOfBandCode.New(settings.OutOfBandCodeDigits);
            var expires = request.NowUtc + TimeSpan.FromSeconds(settings.OutOfBandCodeLifetimeSeconds);
            var data = OutOfBandCode.Seal(request.CodeKey, request.User.Id, request.ClientName, Name, expires, code);
            var result = await channel.SendAsync(OutOfBandMessages.For(Kind, Recipient, code, settings.OutOfBandCodeLifetimeSeconds), cancellationToken).ConfigureAwait(false);
            // No challenge is stored for a failed send, so its code is usable nowhere.
            if (!result.Delivered) return ChallengeStart.Refused($"The {spoken} could not be sent. Try again later or use another method.", $"{spoken} delivery failed: {result.Failure}");
            return new ChallengeStart($"Enter the code sent to {Masked}", data, expires);
        }

        public Task<MethodMatch?> VerifyAsync(CodeResponse response, MethodRequest request, CancellationToken cancellationToken)
        {
            // Only within the challenge this method began (its data), never on a code-only first round.
            if (request.CodeKey == null || response.IsEmpty || !OutOfBandCode.TryOpen(request.ChallengeData, out var expires, out var hash) || request.NowUtc >= expires)
                return Task.FromResult<MethodMatch?>(null);
            bool MatchesUnder(byte[] key) => response.HashMatches(code => OutOfBandCode.Hash(key, request.User.Id, request.ClientName, Name, expires.Ticks, code), hash);
            // A code sent before the admin rotated the client's secret was sealed under the old secret's key; its expiry still holds.
            bool matched = MatchesUnder(request.CodeKey) || (request.PreviousCodeKey is { } previous && MatchesUnder(previous));
            return Task.FromResult(matched ? new MethodMatch(null) : null);
        }

        /// <summary>Where the code went, masked: +1•••••0101, a•••@corp.example.</summary>
        public string Masked => Kind == MethodKind.Email ? MaskedRecipient.Mail(Recipient) : MaskedRecipient.Phone(Recipient);

        public const string WaitMessage = "Too many codes were sent. Wait a few minutes, then try again.";

        /// <summary>The one Reply-Message for a method a user cannot use here, whatever the reason: it must not tell an unknown name from a known one.</summary>
        public static string Unavailable(MethodKind kind) => $"{Capitalised(MethodKinds.Spoken(kind))} is not available for this account.";

        private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);

        private string LimitReason(SendAllowance allowance, Configuration.MfaSettings settings) => allowance switch
        {
            SendAllowance.UserLimit => $"send limit reached: {settings.SendLimitPerUser} {Name} codes per {settings.SendLimitPerUserMinutes} minutes for the user",
            SendAllowance.ClientLimit => $"send limit reached: {settings.SendLimitPerClientPerMinute} codes per minute for the client",
            _ => $"send limit reached: {settings.SendLimitGlobalPerMinute} codes per minute over all clients",
        };
    }
}
