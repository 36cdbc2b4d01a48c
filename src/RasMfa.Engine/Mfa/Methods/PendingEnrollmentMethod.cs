using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Tokens;

namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>
    /// A mailed enrolment (Send-RasMfaEnrollment) confirmed by the user's first login: a current code from the mailed secret,
    /// after the first factor as any code, makes the pending token the user's TOTP token in the login's write (which also
    /// uses the code up). Offered only to a user who holds no other method (<see cref="UserMethods.Of(LoginSubject?)"/>):
    /// whoever read the mail can compute its codes too, so a user who can already log in keeps the help desk's confirmation
    /// (Confirm-RasMfaEnrollment), and a mailed secret never becomes a second way in beside a method they hold.
    /// A pending enrolment past EnrollmentPendingHours never matches.
    /// </summary>
    public sealed class PendingEnrollmentMethod : ISecondFactorMethod
    {
        private readonly OtpToken _pending;

        public PendingEnrollmentMethod(OtpToken pending) => _pending = pending;

        /// <summary>As the app's codes are named: what the user holds is a TOTP app, confirmed or not.</summary>
        public string Name => "TOTP";

        public int CodeLength => _pending.Digits;

        public Task<ChallengeStart?> BeginAsync(MethodRequest request, CancellationToken cancellationToken) => Task.FromResult<ChallengeStart?>(null);

        public Task<MethodMatch?> VerifyAsync(CodeResponse response, MethodRequest request, CancellationToken cancellationToken)
        {
            var sentAfter = request.NowUtc - MailedEnrollmentService.PendingLifetime(request.Settings);
            // Searched even when expired, so that the time taken does not tell an expired enrolment from a live one.
            var match = response.IsEmpty ? null : OtpVerifier.FindTotp(_pending, request.NowUtc, request.Settings, response.Matches);
            bool live = _pending.CreatedUtc > sentAfter;
            return Task.FromResult(match == null || !live ? null : new MethodMatch(CodeUse.ConfirmingEnrollment(_pending, match, sentAfter)));
        }
    }
}
