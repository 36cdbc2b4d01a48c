using System;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Mfa.OutOfBand;
using RasMfa.Engine.Users;
using RasMfa.Engine.Clients;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// The decide stage: the one place that turns what the stages found into Accept, Reject or Challenge, with the reason
    /// the audit log records (<see cref="DecisionReason"/>). Pure: no I/O, so it can run inside the store's write.
    /// </summary>
    public static class Decisions
    {
        public static Verdict Reject(RejectCause cause, MfaUser? user = null, string? method = null, string? detail = null) =>
            new Verdict(VerdictKind.Reject, ReasonFor(cause, detail), DecisionLabels.For(cause), method, user?.UserName);

        private static string ReasonFor(RejectCause cause, string? detail) => cause switch
        {
            RejectCause.UnknownState => DecisionReason.UnknownState,
            RejectCause.ExpiredState => DecisionReason.ExpiredState,
            RejectCause.ForeignState => DecisionReason.ForeignState,
            RejectCause.AfterDecoy => detail + " (after a decoy challenge)",
            RejectCause.Disabled => DecisionReason.Disabled,
            RejectCause.Locked => DecisionReason.Locked,
            RejectCause.UnknownUser => DecisionReason.UnknownUser,
            RejectCause.NotEnrolled => DecisionReason.NotEnrolled,
            RejectCause.ChapWithFirstFactor => DecisionReason.ChapWithFirstFactor,
            RejectCause.NoFirstFactorConfigured => DecisionReason.NoFirstFactorConfigured,
            RejectCause.FirstFactorFailed => detail ?? "first factor failed",
            RejectCause.WrongCode => DecisionReason.WrongCode,
            RejectCause.ReplayedCode => DecisionReason.ReplayedCode,
            RejectCause.NowLocked => detail ?? DecisionReason.NowLocked,
            RejectCause.StoreUnavailable => detail ?? "the store could not record the decision in time",
            RejectCause.MalformedUserName => DecisionReason.MalformedUserName + ": " + detail,
            RejectCause.MalformedPassword => DecisionReason.MalformedPassword + ": " + detail,
            RejectCause.AmbiguousUserName => DecisionReason.AmbiguousUserName,
            RejectCause.UnidentifiedAccount => DecisionReason.UnidentifiedAccount + ": " + detail,
            RejectCause.AmbiguousAccount => DecisionReason.AmbiguousAccount + ": " + detail,
            RejectCause.MethodUnavailable => DecisionReason.MethodUnavailable + ": " + detail,
            RejectCause.CodeNotSent => DecisionReason.CodeNotSent + ": " + detail,
            RejectCause.PushNotApproved => detail ?? DecisionReason.WrongCode,
            RejectCause.PushNotHeld => detail ?? "push round not held",
            _ => throw new ArgumentOutOfRangeException(nameof(cause), cause, null),
        };

        /// <summary>
        /// Asked for a code, an unknown, unenrolled, disabled or locked user gets a challenge like anyone else, so that
        /// "Forward username only" does not tell an attacker which names exist. Any other refusal stands.
        /// </summary>
        public static Verdict RefuseOrDecoy(LoginAttempt attempt, Verdict refusal)
        {
            // A keyword from a name that cannot use it (unknown, unenrolled, locked, disabled) reads as a user's who does not hold the method.
            if (refusal.Kind == VerdictKind.Reject && attempt.Keyword is MethodKind keyword) return Saying(refusal, OutOfBandMethod.Unavailable(keyword));
            if (refusal.Kind != VerdictKind.Reject || !attempt.AsksForCode) return refusal;
            return new Verdict(VerdictKind.Challenge, refusal.Reason + ", decoy challenge", DecisionLabels.DecoyChallenge, "challenge", null)
            {
                Prompt = attempt.Prompt,
                ChallengeUserName = attempt.RequestedName,
                DecoyRefusal = refusal.Reason,
            };
        }

        /// <summary>
        /// A code answering a decoy challenge: refused whatever it is, and answered as a real user's wrong code is, asked
        /// again with a new State within the challenge's attempts and then rejected, so that no answer tells the name
        /// apart. The audit log records the truth.
        /// </summary>
        public static Verdict AfterDecoyCode(LoginAttempt attempt, PendingChallenge decoy)
        {
            var refusal = ReasonFor(RejectCause.AfterDecoy, decoy.Refusal);
            if (decoy.Attempts + 1 >= attempt.Settings.ChallengeMaxAttempts) return Reject(RejectCause.AfterDecoy, detail: decoy.Refusal);
            return AskedAgainAsADecoy(attempt, refusal + ", asked again", decoy.Attempts, decoy.UserName, decoy.Refusal!, null);
        }

        /// <summary>
        /// A round of a real user's challenge that can no longer end in an Accept: the user locked (by this code's failure,
        /// or meanwhile) or disabled. Answered as a decoy's round is, asked again within the challenge's attempts and then
        /// rejected, and the rounds after it are a decoy's (whatever code comes, it decides nothing): a real user's lock must
        /// not answer otherwise than an unknown name, which never locks. The audit log records <paramref name="reason"/>.
        /// </summary>
        public static Verdict AsDecoyRound(LoginAttempt attempt, PendingChallenge challenge, MfaUser user, string reason, string label, string refusal, string? method)
        {
            if (challenge.Attempts + 1 >= attempt.Settings.ChallengeMaxAttempts) return new Verdict(VerdictKind.Reject, reason, label, method, user.UserName);
            return AskedAgainAsADecoy(attempt, reason + ", asked again as after a decoy challenge", challenge.Attempts, challenge.UserName, refusal, user.UserName);
        }

        private static Verdict AskedAgainAsADecoy(LoginAttempt attempt, string reason, int attemptsSoFar, string challengeUserName, string refusal, string? auditUserName) =>
            new Verdict(VerdictKind.Challenge, reason, DecisionLabels.DecoyRetry, "challenge", auditUserName)
            {
                Prompt = attempt.RetryPrompt,
                ChallengeUserName = challengeUserName,
                Attempts = attemptsSoFar + 1,
                DecoyRefusal = refusal,
            };

        /// <summary>RequireUserMatch off: an unknown or unenrolled user passes on the first factor alone (or none, code only).</summary>
        public static Verdict AcceptUnmatched(LoginAttempt attempt, string method) =>
            new Verdict(VerdictKind.Accept, attempt.User == null ? DecisionReason.UnknownUserAllowed : DecisionReason.NotEnrolledAllowed,
                attempt.User == null ? DecisionLabels.UnknownUserAllowed : DecisionLabels.NotEnrolledAllowed, method, attempt.User?.UserName)
            {
                Attributes = attempt.AcceptAttributes,
            };

        /// <summary>A Reject that tells the user why in its Reply-Message (RADIUS allows Reply-Message in an Access-Reject).</summary>
        public static Verdict Saying(Verdict refusal, string replyMessage) =>
            new Verdict(refusal.Kind, refusal.Reason, refusal.Label, refusal.Method, refusal.UserName) { Prompt = replyMessage };

        /// <summary>A keyword for a method that cannot start here: refused with <paramref name="replyMessage"/>, the audit log told <paramref name="detail"/>.</summary>
        public static Verdict MethodUnavailable(string replyMessage, string detail, MfaUser? user = null, string? method = null) =>
            Saying(Reject(RejectCause.MethodUnavailable, user, method, detail), replyMessage);

        /// <summary>
        /// After a method was asked to begin: a challenge with its prompt, or, when it sent nothing (a send limit, a failed
        /// delivery), a Reject that says so, with nothing left usable.
        /// </summary>
        public static Verdict AfterBegin(LoginAttempt attempt, ISecondFactorMethod method, ChallengeStart? start) =>
            start?.Refusal is string refusal
                ? Saying(Reject(RejectCause.CodeNotSent, attempt.User, method.Name, refusal), start.Prompt)
                : AskForCode(attempt, method, start);

        public static Verdict AskForCode(LoginAttempt attempt, ISecondFactorMethod method, ChallengeStart? start) =>
            new Verdict(VerdictKind.Challenge, start?.Data != null ? DecisionReason.CodeSent + " by " + method.Name : DecisionReason.CodeRequested,
                DecisionLabels.CodeRequested, start?.Data != null ? method.Name : "challenge", attempt.User!.UserName)
            {
                // A new challenge in a second round (a keyword: send again, or another method) keeps the wrong codes tried so far.
                Attempts = attempt.Challenge?.Attempts ?? 0,
                KeepUntilUtc = start?.KeepUntilUtc,
                Prompt = start?.Prompt ?? attempt.Prompt,
                ChallengeUserId = attempt.User.Id,
                ChallengeUserName = attempt.User.UserName,
                Attributes = attempt.AcceptAttributes,
                // A method that started nothing of its own (push that could not be sent: "enter a code instead") leaves
                // round two to every method the user holds.
                MethodName = start?.Data == null ? null : method.Name,
                MethodData = start?.Data,
            };

        /// <summary>
        /// An Accept whose code confirmed the user's mailed enrolment in the same write: the audit record says so, naming the
        /// pending serial and the token it became (never the code or the secret).
        /// </summary>
        public static Verdict ConfirmedEnrollment(Verdict accepted, CodeUse use) =>
            accepted.Kind != VerdictKind.Accept || use.ConfirmsEnrollmentAs == null
                ? accepted
                : new Verdict(accepted.Kind, $"{accepted.Reason}, {DecisionReason.EnrollmentConfirmedAtLogin} ({use.PendingSerial} became token {use.ConfirmsEnrollmentAs})",
                    accepted.Label, accepted.Method, accepted.UserName) { Attributes = accepted.Attributes };

        /// <summary>A user the store's write found unable to try (locked, disabled, removed, or no longer holding the token).</summary>
        public static Verdict Refused(LoginIneligibility ineligible, MfaUser user, string? method) => ineligible switch
        {
            LoginIneligibility.Disabled => Reject(RejectCause.Disabled, user, method),
            LoginIneligibility.Locked => Reject(RejectCause.Locked, user, method),
            LoginIneligibility.TokenRemoved => Reject(RejectCause.NotEnrolled, user, method),
            LoginIneligibility.UserRemoved => Reject(RejectCause.UnknownUser, user, method),
            _ => throw new ArgumentOutOfRangeException(nameof(ineligible), ineligible, null),
        };

        /// <summary>A wrong password counts toward the lockout when the user is known.</summary>
        public static Verdict AfterFirstFactorFailed(LoginAttempt attempt, string reason, string method, LoginSettlement settled) =>
            Reject(RejectCause.FirstFactorFailed, attempt.User, method, settled.Counted?.IsLockedAt(attempt.NowUtc) == true ? reason + ", user now locked" : reason);

        /// <summary>
        /// After a code was checked and the write done: accepted if it matched and was not used before; otherwise a failure
        /// was counted, and the user is asked again (within a challenge's attempts) or refused. A challenge's round that
        /// finds the user locked (or locks them) answers as a decoy's would (<see cref="AsDecoyRound"/>).
        /// </summary>
        /// <param name="failure">A single-round method's words for why it did not match (a push denied, timed out); null: a wrong code.</param>
        public static Verdict AfterCode(LoginAttempt attempt, string method, bool matched, LoginSettlement settled, bool mayAskAgain = true, string? failure = null)
        {
            var user = attempt.User!;
            if (settled.Consumed) return new Verdict(VerdictKind.Accept, DecisionReason.CodeAccepted, DecisionLabels.CodeAccepted, method, user.UserName) { Attributes = attempt.AcceptAttributes };
            var challenge = attempt.Challenge;
            if (settled.Ineligible != LoginIneligibility.None)
            {
                var refused = Refused(settled.Ineligible, user, method);
                bool asDecoy = challenge != null && (settled.Ineligible == LoginIneligibility.Locked || settled.Ineligible == LoginIneligibility.Disabled);
                return asDecoy ? AsDecoyRound(attempt, challenge!, user, refused.Reason, refused.Label, refused.Reason, method) : refused;
            }
            if (settled.Counted?.IsLockedAt(attempt.NowUtc) == true)
            {
                var nowLocked = failure == null ? DecisionReason.NowLocked : failure + ", user now locked";
                return challenge != null
                    ? AsDecoyRound(attempt, challenge, user, nowLocked, DecisionLabels.For(RejectCause.NowLocked), DecisionReason.Locked, method)
                    : Reject(RejectCause.NowLocked, user, method, nowLocked);
            }
            if (mayAskAgain && challenge != null && challenge.Attempts + 1 < attempt.Settings.ChallengeMaxAttempts)
            {
                return new Verdict(VerdictKind.Challenge, matched ? DecisionReason.ReplayedCode + ", asked again" : DecisionReason.WrongCodeRetry,
                    matched ? DecisionLabels.ReplayedCodeRetry : DecisionLabels.WrongCodeRetry, method, user.UserName)
                {
                    Prompt = attempt.RetryPrompt,
                    ChallengeUserId = user.Id,
                    ChallengeUserName = user.UserName,
                    Attempts = challenge.Attempts + 1,
                    Attributes = attempt.AcceptAttributes,
                    MethodName = challenge.MethodName,
                    MethodData = challenge.MethodData,
                    KeepUntilUtc = challenge.MethodName != null ? challenge.ExpiresUtc : (DateTime?)null,
                };
            }
            if (!matched && failure != null) return Reject(RejectCause.PushNotApproved, user, method, failure);
            return Reject(matched ? RejectCause.ReplayedCode : RejectCause.WrongCode, user, method);
        }

        /// <summary>A push round the server was too busy to hold: Access-Reject saying so, nothing counted against the user.</summary>
        public static Verdict NotHeld(MfaUser user, string method, string reason) =>
            Saying(Reject(RejectCause.PushNotHeld, user, method, reason), "The server is busy. Try again in a minute.");
    }
}
