using System;
using System.Threading.Tasks;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Where a stage ends the login: what to write durably, and how the verdict follows from what the write found (a code
    /// already used, a failure that locked the user). The verdict and its audit record are made inside the one write.
    /// </summary>
    public sealed class Settlement
    {
        /// <summary>A stage's "go on to the next stage".</summary>
        public static readonly Task<Settlement?> Continue = Task.FromResult<Settlement?>(null);

        public Settlement(LoginWrite write, Func<LoginSettlement, Verdict> decide)
        {
            Write = write;
            Decide = decide;
        }

        public LoginWrite Write { get; }

        /// <summary>Pure: runs on the store's writer, within the write's transaction.</summary>
        public Func<LoginSettlement, Verdict> Decide { get; }

        public static Settlement Final(Verdict verdict) => new Settlement(LoginWrite.AuditOnly, _ => verdict);

        /// <summary>Set when a stage could not write what it had to (the store unavailable): the login is answered as one whose write failed.</summary>
        public Exception? StoreFailure { get; private set; }

        /// <summary>With <see cref="StoreFailure"/>: a read failed (the user, a challenge, an account's names), not a write.</summary>
        public bool StoreFailedToRead { get; private set; }

        /// <summary>
        /// Set when the login ends with no write of its own: another server's answer to the same request, or no answer at
        /// all (a discard) while that server has not recorded one.
        /// </summary>
        public Radius.Server.AccessDecision? Answered { get; private set; }

        public static Task<Settlement?> Answer(Radius.Server.AccessDecision decision) =>
            Task.FromResult<Settlement?>(new Settlement(LoginWrite.AuditOnly, _ => throw new InvalidOperationException("An answered login has no verdict of its own.")) { Answered = decision });

        public static Settlement Unrecorded(Exception storeFailure) =>
            new Settlement(LoginWrite.AuditOnly, _ => throw new InvalidOperationException("An unrecorded login has no verdict of its own.")) { StoreFailure = storeFailure };

        /// <summary>A read of the login path the store could not serve: the login is answered as one whose write failed.</summary>
        public static Settlement Unread(Exception storeFailure) =>
            new Settlement(LoginWrite.AuditOnly, _ => throw new InvalidOperationException("An unread login has no verdict of its own.")) { StoreFailure = storeFailure, StoreFailedToRead = true };

        /// <summary>
        /// This settlement, also settling the attempt reserved before the first factor: a wrong password keeps it; any other
        /// outcome gives it back in the same write, which admits the login's user (<paramref name="userId"/>: the one reserved
        /// on, or the stored user of the account that logged in) again, and a user locked (or disabled, or removed)
        /// meanwhile gets <paramref name="refusal"/> instead of the verdict (a code's verdict says so itself).
        /// </summary>
        public Settlement SettlingReservation(AttemptReservation reservation, long userId, Func<LoginIneligibility, Verdict> refusal)
        {
            var decide = Decide;
            bool codeAttempt = Write.IsCodeAttempt;
            // A login the store failed keeps its failure: the reservation then waits to be given back (ReservationGiveBacks).
            return new Settlement(Write.Settling(reservation, userId),
                settled => settled.Ineligible != LoginIneligibility.None && !codeAttempt ? refusal(settled.Ineligible) : decide(settled))
            {
                StoreFailure = StoreFailure,
                StoreFailedToRead = StoreFailedToRead,
            };
        }

        public static Task<Settlement?> Stop(Verdict verdict) => Task.FromResult<Settlement?>(Final(verdict));
    }
}
