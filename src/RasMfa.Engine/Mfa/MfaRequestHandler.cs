using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Mfa
{
    /// <summary>
    /// The second factor for clients whose first factor is checked elsewhere (RAS "Forward username only"):
    /// a code in User-Password is checked at once; an empty one opens a challenge, answered with the State.
    /// Every decision is written to the audit log; the client learns only Accept, Reject or Challenge.
    /// </summary>
    public sealed partial class MfaRequestHandler : IAccessRequestHandler
    {
        private readonly IRasMfaStore _store;
        private readonly Func<MfaSettings> _settings;
        private readonly ChallengeStore _challenges;
        private readonly ILogger _logger;
        private readonly Func<DateTime> _clock;
        private readonly Func<Clients.RadiusClientDefinition, FirstFactors.IFirstFactorChecker?> _firstFactorFor;

        public MfaRequestHandler(IRasMfaStore store, Func<MfaSettings> settings, ChallengeStore challenges, ILogger logger, Func<DateTime>? clock = null,
            Func<Clients.RadiusClientDefinition, FirstFactors.IFirstFactorChecker?>? firstFactorFor = null)
        {
            _firstFactorFor = firstFactorFor ?? (_ => null);
            _store = store;
            _settings = settings;
            _challenges = challenges;
            _logger = logger;
            _clock = clock ?? (() => DateTime.UtcNow);
        }

        public async Task<AccessDecision> DecideAsync(AccessRequestContext context, CancellationToken cancellationToken)
        {
            var response = CodeResponse.From(context);
            bool firstRoundWithFirstFactor = context.Client.FirstFactor != Clients.FirstFactor.None && context.Request.Find(RadiusAttributeType.State) == null;
            var outcome = firstRoundWithFirstFactor
                ? await FirstFactorRoundAsync(context, response, _settings(), _clock(), cancellationToken).ConfigureAwait(false)
                : await DecideAsync(context, response, _settings(), _clock()).ConfigureAwait(false);
            await RecordAsync(context, response, outcome).ConfigureAwait(false);
            return outcome.Decision;
        }

        private async Task<Outcome> DecideAsync(AccessRequestContext context, CodeResponse response, MfaSettings settings, DateTime now)
        {
            var client = context.Client;
            var requestedName = context.UserName ?? "";
            var state = context.Request.Find(RadiusAttributeType.State);
            if (state != null) return await SecondRoundAsync(context, state.Value, response, settings, now).ConfigureAwait(false);

            var subject = _store.Logins.Find(requestedName);
            var user = subject?.User;
            var token = subject?.Token;
            var refusal = user == null ? (client.RequireUserMatch ? Outcome.Reject(DecisionReason.UnknownUser) : Outcome.Accept(DecisionReason.UnknownUserAllowed, "none"))
                : Refusal(user, now)
                ?? (token == null ? (client.RequireUserMatch ? Outcome.Reject(DecisionReason.NotEnrolled) : Outcome.Accept(DecisionReason.NotEnrolledAllowed, "none")) : null);
            var prompt = client.Prompt ?? settings.DefaultPrompt;
            if (refusal != null)
            {
                if (user != null) refusal.With(user);
                // Asked for a code, an unknown, unenrolled, disabled or locked user gets a challenge like anyone else,
                // so that "Forward username only" does not tell an attacker which names exist.
                return refusal.Decision.Code == RadiusCode.AccessReject && response.IsEmpty ? OpenDecoyChallenge(requestedName, client.Name, prompt, settings, refusal.Reason) : refusal;
            }
            if (response.IsEmpty) return OpenChallenge(user!, client.Name, prompt, settings, attempts: 0);
            return await CheckCodeAsync(context, user!, token!, response, settings, now, attemptsSoFar: null, prompt).ConfigureAwait(false);
        }

        private async Task<Outcome> SecondRoundAsync(AccessRequestContext context, byte[] state, CodeResponse response, MfaSettings settings, DateTime now)
        {
            var lookup = _challenges.Take(state, context.Client.Name, out var pending);
            switch (lookup)
            {
                case ChallengeLookup.Unknown: return Outcome.Reject(DecisionReason.UnknownState);
                case ChallengeLookup.Expired: return Outcome.Reject(DecisionReason.ExpiredState);
                case ChallengeLookup.Foreign: return Outcome.Reject(DecisionReason.ForeignState);
            }
            if (pending!.Refusal != null)
            {
                return string.Equals(pending.UserName, context.UserName, StringComparison.OrdinalIgnoreCase)
                    ? Outcome.Reject(pending.Refusal + " (after a decoy challenge)")
                    : Outcome.Reject(DecisionReason.ForeignState);
            }
            // The same person, however the name is written this time (DOMAIN\name, name@suffix, name).
            var subject = _store.Logins.Find(context.UserName ?? "");
            var user = subject?.User;
            if (user == null || user.Id != pending.UserId) return Outcome.Reject(DecisionReason.ForeignState);
            var refusal = Refusal(user, now);
            if (refusal != null) return refusal.With(user);
            var token = subject!.Token;
            if (token == null) return Outcome.Reject(DecisionReason.NotEnrolled).With(user);
            var prompt = context.Client.Prompt ?? settings.DefaultPrompt;
            return await CheckCodeAsync(context, user, token, response, settings, now, pending.Attempts, prompt, pending.ReplyAttributes).ConfigureAwait(false);
        }

        // Disabled and locked users are refused whatever the client's RequireUserMatch, and before any code is checked.
        private static Outcome? Refusal(MfaUser user, DateTime now)
        {
            if (!user.Enabled) return Outcome.Reject(DecisionReason.Disabled);
            if (user.IsLockedAt(now)) return Outcome.Reject(DecisionReason.Locked);
            return null;
        }

        private async Task<Outcome> CheckCodeAsync(AccessRequestContext context, MfaUser user, OtpToken token, CodeResponse response, MfaSettings settings, DateTime now,
            int? attemptsSoFar, string prompt, IReadOnlyList<RadiusAttribute>? acceptAttributes = null)
        {
            string clientName = context.Client.Name;
            string method = $"{token.Type.ToString().ToUpperInvariant()}/{response.Encoding}";
            string reason = DecisionReason.WrongCode;
            var match = response.IsEmpty ? null : OtpVerifier.Find(token, now, settings, response.Matches);
            if (match != null)
            {
                var accepted = Outcome.Accept(DecisionReason.CodeAccepted, method).With(user);
                // The code is used up, the failure count cleared and the Accept audited in one durable write, before the answer.
                var acceptance = await _store.Logins.AcceptCodeAsync(CodeUse.Of(token, match), user.Id, Describe(context, response, accepted)).ConfigureAwait(false);
                if (acceptance.Consumed)
                {
                    if (acceptance.AuditError != null) LogAuditFailure(acceptance.AuditError, Describe(context, response, accepted));
                    if (acceptAttributes != null) accepted.Decision.Attributes.AddRange(acceptAttributes);
                    return accepted.Audited();
                }
                reason = DecisionReason.ReplayedCode;
            }
            var counted = await _store.Logins.RecordFailureAsync(user.Id, settings.LockoutThreshold, TimeSpan.FromMinutes(settings.LockoutMinutes), now).ConfigureAwait(false);
            if (counted.IsLockedAt(now)) return Outcome.Reject(DecisionReason.NowLocked, method).With(user);
            if (attemptsSoFar.HasValue && attemptsSoFar.Value + 1 < settings.ChallengeMaxAttempts)
            {
                var again = OpenChallenge(user, clientName, "Wrong code. " + prompt, settings, attemptsSoFar.Value + 1, acceptAttributes);
                return new Outcome(again.Decision, reason == DecisionReason.ReplayedCode ? reason + ", asked again" : DecisionReason.WrongCodeRetry, method, user.UserName);
            }
            return Outcome.Reject(reason, method).With(user);
        }

        private Outcome OpenChallenge(MfaUser user, string clientName, string prompt, MfaSettings settings, int attempts, IReadOnlyList<RadiusAttribute>? acceptAttributes = null)
        {
            var state = _challenges.Open(user.Id, user.UserName, clientName, TimeSpan.FromSeconds(settings.ChallengeLifetimeSeconds), attempts, null, acceptAttributes);
            return new Outcome(AccessDecision.Challenge(state, prompt), DecisionReason.CodeRequested, "challenge", user.UserName);
        }

        private Outcome OpenDecoyChallenge(string requestedName, string clientName, string prompt, MfaSettings settings, string refusal)
        {
            var state = _challenges.Open(0, requestedName, clientName, TimeSpan.FromSeconds(settings.ChallengeLifetimeSeconds), 0, refusal);
            return new Outcome(AccessDecision.Challenge(state, prompt), refusal + ", decoy challenge", "challenge", null);
        }

        private async Task RecordAsync(AccessRequestContext context, CodeResponse response, Outcome outcome)
        {
            var record = Describe(context, response, outcome);
            if (!outcome.IsAudited)
            {
                try
                {
                    await _store.Logins.WriteAuditAsync(record).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    // The answer still goes out: the token's state already records a used code, and a locked-out office is worse.
                    LogAuditFailure(e, record);
                }
            }
            _logger.LogInformation("{Result} {User} at {Client} ({Address}): {Reason}.", record.Result, record.UserName, record.ClientName, record.ClientAddress, record.Reason);
        }

        private void LogAuditFailure(Exception e, AuthenticationRecord record) =>
            _logger.LogError(e, "Writing the audit record ({Result} for {User} at {Client}: {Reason}) failed.", record.Result, record.UserName, record.ClientName, record.Reason);

        private static AuthenticationRecord Describe(AccessRequestContext context, CodeResponse response, Outcome outcome) =>
            new AuthenticationRecord
            {
                ClientName = context.Client.Name,
                ClientAddress = context.Source.Address.ToString(),
                UserName = outcome.UserName ?? context.UserName ?? "",
                Result = outcome.Decision.Code switch
                {
                    RadiusCode.AccessAccept => "Accept",
                    RadiusCode.AccessChallenge => "Challenge",
                    _ => "Reject",
                },
                Reason = outcome.Reason,
                Method = outcome.Method ?? response.Encoding,
                Milliseconds = Math.Round(context.Elapsed.TotalMilliseconds, 3),
            };

        private sealed class Outcome
        {
            public Outcome(AccessDecision decision, string reason, string? method, string? userName)
            {
                Decision = decision;
                Reason = reason;
                Method = method;
                UserName = userName;
            }

            public AccessDecision Decision { get; }
            public string Reason { get; }
            public string? Method { get; }
            public string? UserName { get; private set; }

            public static Outcome Accept(string reason, string? method) => new Outcome(AccessDecision.Accept(), reason, method, null);

            public static Outcome Reject(string reason, string? method = null) => new Outcome(AccessDecision.Reject(), reason, method, null);

            /// <summary>True once the audit record was written with the decision's other writes.</summary>
            public bool IsAudited { get; private set; }

            public Outcome With(MfaUser user)
            {
                UserName = user.UserName;
                return this;
            }

            public Outcome Audited()
            {
                IsAudited = true;
                return this;
            }
        }
    }
}
