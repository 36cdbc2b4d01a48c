using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.Smtp;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Tokens
{
    /// <summary>
    /// Enrolment by mail (Send-RasMfaEnrollment, Confirm-RasMfaEnrollment): a new TOTP secret is mailed as a QR code and
    /// kept as a pending, unassigned token; a current code from the app, given to the help desk, makes it the user's token,
    /// and so does the user's first login with one (only for a user who holds no other method: see PendingEnrollmentMethod).
    /// A mail that fails leaves the user's tokens as they were.
    /// </summary>
    public sealed class MailedEnrollmentService
    {
        /// <summary>The audit log's Result of an enrolment mail sent, and of one that could not be sent.</summary>
        public const string SentResult = "EnrollmentSent";
        public const string NotSentResult = "EnrollmentNotSent";
        public const string MethodName = "MailedEnrollment";

        private readonly ITokenStore _tokens;
        private readonly IUserStore _users;
        private readonly ISettingsStore _settings;
        private readonly IAuditLog _audit;

        public MailedEnrollmentService(ITokenStore tokens, IUserStore users, ISettingsStore settings, IAuditLog audit)
        {
            _tokens = tokens;
            _users = users;
            _settings = settings;
            _audit = audit;
        }

        /// <summary>How long a mailed enrolment can be confirmed (EnrollmentPendingHours), at the help desk or at a login.</summary>
        public static TimeSpan PendingLifetime(MfaSettings settings) => TimeSpan.FromHours(settings.EnrollmentPendingHours);

        /// <summary>
        /// Mails a new pending enrolment to the user's stored address, or, with <paramref name="pendingSerial"/>, the same
        /// pending one again (a mail deleted before it was scanned; a confirmed token's secret is never sent again).
        /// </summary>
        /// <remarks>Null when the review did not approve it.</remarks>
        /// <remarks>
        /// Each mail sent, and each that could not be, leaves an audit record naming <paramref name="sentBy"/> and the pending
        /// serial, never the secret or the link. The user's expired pending enrolments are removed first.
        /// </remarks>
        public async Task<MailedEnrollment?> SendAsync(string userName, string? pendingSerial, string issuer, IDeliveryChannels channels, DateTime nowUtc, string sentBy, IChangeReview review, CancellationToken cancellationToken)
        {
            var user = _users.Get(userName) ?? throw UserService.NotFound(userName);
            var lifetime = PendingLifetime(_settings.Get());
            var recipient = SmtpAddresses.SingleMailbox(user.Email)?.Address
                ?? throw new EngineException(EngineErrorKind.InvalidArgument, "RasMfaUserHasNoEmail",
                    $"'{user.UserName}' has no e-mail address to send the enrolment to; set one with Set-RasMfaUser -Email.");
            var channel = channels.For(DeliveryKind.Email)
                ?? throw new EngineException(EngineErrorKind.Unavailable, "MailProviderNotSet", "No usable e-mail provider is set (see Get-RasMfaDeliveryProvider -Kind Email); set one with Set-RasMfaMailProvider.");
            var token = pendingSerial == null ? null : PendingOf(user, pendingSerial, nowUtc, lifetime);
            bool isNew = token == null;
            if (!review.Approve(user.UserName, isNew
                    ? $"E-mail a new TOTP enrolment to {recipient} (unusable until confirmed with Confirm-RasMfaEnrollment)"
                    : $"E-mail the pending TOTP enrolment {token!.Serial} to {recipient} again")) return null;
            RemoveExpired(user, nowUtc, lifetime);
            if (token == null)
            {
                token = new OtpToken(PendingEnrollmentSerial.New(user.Id), OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { CreatedUtc = nowUtc };
                _tokens.Add(token);
            }
            var uri = Enrollment.OtpAuthUri(issuer, user.UserName, token.Secret, token.Algorithm, token.Digits, token.Period);
            // What the mail tells the user to do next (UserMethods decides at the login; bypass codes, unseen here, are rare).
            bool confirmsAtLogin = _users.TokenSerialsOf(user.Id).Count == 0 && user.Methods.Count == 0;
            var message = EnrollmentMessage.Build(recipient, issuer, user.UserName, uri, OtpSecrets.ToBase32(token.Secret), confirmsAtLogin);
            DeliveryResult result;
            try
            {
                result = await channel.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                if (isNew) _tokens.Remove(token.Serial);
                Audit(user, nowUtc, NotSentResult, $"enrolment {token.Serial} to {recipient} not sent by {sentBy}: stopped before the mail server answered");
                throw;
            }
            if (!result.Delivered)
            {
                if (isNew) _tokens.Remove(token.Serial);
                // The channel's failure is fixed words and a status (never the message, the link or a secret).
                Audit(user, nowUtc, NotSentResult, $"enrolment {token.Serial} to {recipient} not sent by {sentBy}: {result.Failure}");
                throw new EngineException(EngineErrorKind.Unavailable, "EnrollmentMailNotSent",
                    $"The enrolment mail to {recipient} was not sent: {result.Failure}. " +
                    (isNew ? $"No token was added; the tokens of '{user.UserName}' are as they were." : $"The pending enrolment {token.Serial} is unchanged."));
            }
            Audit(user, nowUtc, SentResult, $"enrolment {token.Serial} {(isNew ? "sent" : "sent again")} to {recipient} by {sentBy}, confirmable until {token.CreatedUtc + lifetime:u}");
            return new MailedEnrollment(user.UserName, token.Serial, recipient, token.CreatedUtc + lifetime, result.ProviderReference);
        }

        /// <summary>
        /// Confirms the user's mailed enrolment with a current code from the app: the pending token becomes the user's TOTP
        /// token (beside any they hold), and the code is used up as a login's would be.
        /// </summary>
        /// <remarks>Null when the review did not approve it.</remarks>
        public ConfirmedEnrollment? Confirm(string userName, string code, DateTime nowUtc, IChangeReview review)
        {
            var user = _users.Get(userName) ?? throw UserService.NotFound(userName);
            var pending = _tokens.List().Where(t => PendingEnrollmentSerial.IsFor(t, user.Id)).OrderByDescending(t => t.CreatedUtc).ToList();
            if (pending.Count == 0) throw NoPending(user.UserName);
            var settings = _settings.Get();
            var lifetime = PendingLifetime(settings);
            var live = pending.Where(t => nowUtc < t.CreatedUtc + lifetime).ToList();
            if (live.Count == 0)
                throw new EngineException(EngineErrorKind.Conflict, "PendingEnrollmentExpired",
                    $"The enrolment mailed to '{user.UserName}' expired (EnrollmentPendingHours: {settings.EnrollmentPendingHours}); send a new one with Send-RasMfaEnrollment.");
            var answer = OtpCalculator.Bytes(code.Trim());
            foreach (var token in live)
            {
                var match = OtpVerifier.FindTotp(token, nowUtc, settings, candidate => Radius.ConstantTime.AreEqual(candidate, answer));
                if (match == null) continue;
                if (!review.Approve(user.UserName, $"Activate the mailed TOTP enrolment {token.Serial} as a token of the user")) return null;
                var confirmed = new OtpToken(PendingEnrollmentSerial.NewConfirmedSerial(), OtpTokenType.Totp, token.Secret)
                {
                    UserId = user.Id,
                    Algorithm = token.Algorithm,
                    Digits = token.Digits,
                    Period = token.Period,
                    // The confirming code is used up: it cannot be replayed for a login.
                    LastUsedStep = match.Position,
                    DriftSteps = match.DriftSteps,
                    CreatedUtc = nowUtc,
                };
                // The pending row goes first: a login that confirmed it meanwhile (PendingEnrollmentMethod) has renamed it,
                // and a second token of the same secret would accept each code twice.
                try
                {
                    _tokens.Remove(token.Serial);
                }
                catch (EngineException e) when (e.ErrorId == "TokenNotFound")
                {
                    throw new EngineException(EngineErrorKind.Conflict, "PendingEnrollmentNotFound",
                        $"The enrolment {token.Serial} mailed to '{user.UserName}' was confirmed (by the user's login) or removed meanwhile; see Get-RasMfaToken -UserName {user.UserName}.");
                }
                _tokens.Add(confirmed);
                return new ConfirmedEnrollment(user.UserName, confirmed.Serial, token.Serial);
            }
            throw new EngineException(EngineErrorKind.Conflict, "EnrollmentCodeWrong",
                $"The code is not a current code of the enrolment mailed to '{user.UserName}'; ask for the code the app shows now (and check the phone's clock).");
        }

        // A pending enrolment past its lifetime never confirms; its secret need not stay in the store either.
        private void RemoveExpired(MfaUser user, DateTime nowUtc, TimeSpan lifetime)
        {
            foreach (var expired in _tokens.List().Where(t => PendingEnrollmentSerial.IsFor(t, user.Id) && nowUtc >= t.CreatedUtc + lifetime).ToList())
            {
                try
                {
                    _tokens.Remove(expired.Serial);
                }
                catch (EngineException e) when (e.ErrorId == "TokenNotFound")
                {
                    // Removed meanwhile (the listener's cleanup, another admin): gone either way.
                }
            }
        }

        private void Audit(MfaUser user, DateTime nowUtc, string result, string reason) =>
            _audit.Add(new AuthenticationRecord { TimeUtc = nowUtc, UserName = user.UserName, Result = result, Reason = reason, Method = MethodName });

        private OtpToken PendingOf(MfaUser user, string serial, DateTime nowUtc, TimeSpan lifetime)
        {
            var token = _tokens.GetBySerial(serial);
            if (token == null || !PendingEnrollmentSerial.IsFor(token, user.Id))
                throw new EngineException(EngineErrorKind.NotFound, "PendingEnrollmentNotFound",
                    $"'{serial}' is not a pending enrolment of '{user.UserName}' (a confirmed token's secret is never sent again).");
            if (nowUtc >= token.CreatedUtc + lifetime)
                throw new EngineException(EngineErrorKind.Conflict, "PendingEnrollmentExpired", $"The pending enrolment {serial} expired; send a new one without -TokenSerial.");
            return token;
        }

        private static EngineException NoPending(string userName) =>
            new EngineException(EngineErrorKind.NotFound, "PendingEnrollmentNotFound", $"No enrolment mailed to '{userName}' waits for confirmation; send one with Send-RasMfaEnrollment.");
    }
}
