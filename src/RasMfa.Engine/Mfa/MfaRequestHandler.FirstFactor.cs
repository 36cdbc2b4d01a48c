using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Clients;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;

namespace RasMfa.Engine.Mfa
{
    /// <summary>
    /// The first round when the password is checked here (RAS forwards the domain password): disabled and locked users
    /// stop before the password leaves this server; a wrong password counts toward the lockout and answers Reject,
    /// whether or not the user exists; then the code, in the same field (Appended) or after a challenge.
    /// </summary>
    public sealed partial class MfaRequestHandler
    {
        private async Task<Outcome> FirstFactorRoundAsync(AccessRequestContext context, CodeResponse response, MfaSettings settings, DateTime now, CancellationToken cancellationToken)
        {
            var client = context.Client;
            var requestedName = context.UserName ?? "";
            if (response.IsChap) return Outcome.Reject(DecisionReason.ChapWithFirstFactor, "CHAP");
            var typed = response.Typed!;

            var subject = _store.Logins.Find(requestedName);
            var user = subject?.User;
            if (user != null)
            {
                var refusal = Refusal(user, now);
                if (refusal != null) return refusal.With(user);
            }
            var token = subject?.Token;
            var password = typed;
            byte[]? code = null;
            if (client.OtpMode == OtpMode.Appended) SplitAppendedCode(typed, token?.Digits ?? 6, out password, out code);

            var checker = _firstFactorFor(client);
            if (checker == null) return Outcome.Reject(DecisionReason.NoFirstFactorConfigured, "first factor");
            var first = await checker.CheckAsync(requestedName, password, cancellationToken).ConfigureAwait(false);
            string method = $"{client.FirstFactor}/PAP";
            switch (first.Outcome)
            {
                case FirstFactorOutcome.Unavailable:
                    return Outcome.Reject(first.Reason, method);
                case FirstFactorOutcome.Rejected:
                    if (user == null) return Outcome.Reject(first.Reason, method);
                    var counted = await _store.Logins.RecordFailureAsync(user.Id, settings.LockoutThreshold, TimeSpan.FromMinutes(settings.LockoutMinutes), now).ConfigureAwait(false);
                    return Outcome.Reject(counted.IsLockedAt(now) ? first.Reason + ", user now locked" : first.Reason, method).With(user);
            }

            IReadOnlyList<RadiusAttribute> passOn = client.PassUpstreamAttributes ? first.ReplyAttributes : new RadiusAttribute[0];
            if (user == null || token == null)
            {
                if (client.RequireUserMatch) return (user == null ? Outcome.Reject(DecisionReason.UnknownUser, method) : Outcome.Reject(DecisionReason.NotEnrolled, method).With(user));
                var allowed = Outcome.Accept(user == null ? DecisionReason.UnknownUserAllowed : DecisionReason.NotEnrolledAllowed, method);
                if (user != null) allowed.With(user);
                allowed.Decision.Attributes.AddRange(passOn);
                return allowed;
            }
            var prompt = client.Prompt ?? settings.DefaultPrompt;
            if (client.OtpMode == OtpMode.Appended)
                return await CheckCodeAsync(context, user, token, CodeResponse.FromClear(code ?? new byte[0]), settings, now, attemptsSoFar: null, prompt, passOn).ConfigureAwait(false);
            return OpenChallenge(user, client.Name, prompt, settings, attempts: 0, passOn);
        }

        // "password123456": the code is the last digits; a field too short or not ending in digits has no code.
        private static void SplitAppendedCode(byte[] typed, int digits, out byte[] password, out byte[]? code)
        {
            password = typed;
            code = null;
            if (typed.Length <= digits) return;
            for (int i = typed.Length - digits; i < typed.Length; i++) if (typed[i] < (byte)'0' || typed[i] > (byte)'9') return;
            password = new byte[typed.Length - digits];
            code = new byte[digits];
            Buffer.BlockCopy(typed, 0, password, 0, password.Length);
            Buffer.BlockCopy(typed, password.Length, code, 0, digits);
        }
    }
}
