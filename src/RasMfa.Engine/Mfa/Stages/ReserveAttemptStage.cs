using System;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Before the first factor: a known user's attempt is reserved in the store (<see cref="ILoginStore.ReserveAttemptAsync"/>),
    /// admitted under the store's write lock and counted as a failure in advance, so that passwords sent at once reach
    /// the directory no more often than the lockout threshold, and one refused here is never checked at all. The login's
    /// own write keeps the reservation (a wrong password) or gives it back (<see cref="Settlement.SettlingReservation"/>).
    /// The user is the one the name sent found, or the one its directory account's names found (<see cref="IdentifyAccountStage"/>).
    /// An unknown or ambiguous name reserves nothing but writes as a reservation does, so that the time before the
    /// directory is asked does not tell real names apart; the directory's own lockout counts its guesses.
    /// </summary>
    public sealed class ReserveAttemptStage : ILoginStage
    {
        private readonly ILoginStore _logins;
        private readonly ReservationGiveBacks _giveBacks;

        public ReserveAttemptStage(ILoginStore logins, ReservationGiveBacks giveBacks)
        {
            _logins = logins;
            _giveBacks = giveBacks;
        }

        public async Task<Settlement?> RunAsync(LoginAttempt attempt, CancellationToken cancellationToken)
        {
            if (!attempt.ChecksFirstFactor) return null;
            // Reservations of logins that could not be recorded go back first, in a write queued ahead of this one: a user
            // whose right password was answered by silence is not refused as locked by their own client's retries.
            _ = _giveBacks.GiveBackAsync();
            var user = attempt.User;
            AttemptReservation reservation;
            try
            {
                reservation = await _logins.ReserveAttemptAsync(user?.Id ?? 0, attempt.Lockout).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Not counted, so not checked: answered as any login the store cannot record (StoreUnavailableAnswer).
                return Settlement.Unrecorded(e);
            }
            if (user == null) return null;
            if (!reservation.Admitted) return Settlement.Final(Decisions.Refused(reservation.Refused, user, "first factor"));
            attempt.Reservation = reservation;
            return null;
        }
    }
}
