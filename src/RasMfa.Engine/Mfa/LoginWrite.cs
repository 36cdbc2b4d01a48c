namespace RasMfa.Engine.Mfa
{
    /// <summary>What a decision writes besides its audit record: nothing, a code attempt, or a failure counted.</summary>
    public sealed class LoginWrite
    {
        public static readonly LoginWrite AuditOnly = new LoginWrite(false, false, null, 0, null);

        /// <summary>
        /// A code sent for a login refused whatever it carries (unknown, not enrolled, disabled or locked: a decoy): it changes
        /// no user, but the store does the work of a wrong code (admission, a count written and read back) on a row of its
        /// own, so that its commit costs what a real user's failure costs and its time does not tell the name apart.
        /// </summary>
        public static readonly LoginWrite Decoy = new LoginWrite(false, false, null, 0, null, decoy: true);

        private LoginWrite(bool codeAttempt, bool accepting, CodeUse? use, long userId, LockoutPolicy? lockout, bool decoy = false)
        {
            IsDecoy = decoy;
            IsCodeAttempt = codeAttempt;
            Accepting = accepting;
            Use = use;
            UserId = userId;
            Lockout = lockout;
        }

        /// <summary>
        /// True: a code checked for the user. It is admitted only if the user, as the write finds them, may still try
        /// (present, enabled, not locked: the count so far below the threshold, or its lock run out); then its outcome
        /// applies. One not admitted is refused with the reason found, counts nothing, and its code decides nothing.
        /// </summary>
        public bool IsCodeAttempt { get; }

        public bool IsDecoy { get; }

        /// <summary>True: the response matched; the user's failures are cleared once <see cref="Use"/> (if any) is used up.</summary>
        public bool Accepting { get; }

        /// <summary>The code to use up, so that it is never accepted twice; null for a method whose proof is single-use by itself.</summary>
        public CodeUse? Use { get; }

        public long UserId { get; }

        /// <summary>Set: a failure is counted unless the response is accepted, locking at the policy's threshold.</summary>
        public LockoutPolicy? Lockout { get; }

        /// <summary>A matched code, once admitted: accepted if the user still holds the token and the code was not used before, else counted as a failure.</summary>
        public static LoginWrite Accept(long userId, CodeUse? use, LockoutPolicy lockout) => new LoginWrite(true, true, use, userId, lockout);

        /// <summary>A code that matched none of the user's methods, once admitted: counted as a failure.</summary>
        public static LoginWrite WrongCode(long userId, LockoutPolicy lockout) => new LoginWrite(true, false, null, userId, lockout);

        /// <summary>
        /// A failure checked elsewhere (a wrong domain password). Its attempt was reserved before the check, and so counted
        /// already: it keeps the reservation, and locks the user if the count has reached the threshold. Without a
        /// reservation, it is counted here.
        /// </summary>
        public static LoginWrite CountFailure(long userId, LockoutPolicy lockout) => new LoginWrite(false, false, null, userId, lockout) { KeepsReservation = true };

        /// <summary>The attempt reserved before the first factor, settled by this write: kept by a counted failure, else given back first.</summary>
        public AttemptReservation? Reservation { get; private set; }

        /// <summary>True for a wrong password: the reservation's count stands as the failure.</summary>
        public bool KeepsReservation { get; private set; }

        /// <summary>The user a given-back reservation's write admits again: the reservation's, or the one the login turned out to be (<see cref="Settling"/>).</summary>
        public long AdmittedUserId { get; private set; }

        /// <summary>
        /// This write, settling <paramref name="reservation"/> too: unless it keeps it, the write first gives the reservation
        /// back (its count, and the lock it set if that lock is still the same) and admits the user again; a user locked,
        /// disabled or removed meanwhile is refused (<see cref="LoginSettlement.Ineligible"/>) and nothing else is written.
        /// <paramref name="admittedUserId"/>: the login's user when the account that logged in turned out to be another
        /// stored user than the one reserved on: that user is admitted, not the one given back.
        /// </summary>
        public LoginWrite Settling(AttemptReservation reservation, long? admittedUserId = null) =>
            new LoginWrite(IsCodeAttempt, Accepting, Use, UserId, Lockout, IsDecoy)
            {
                KeepsReservation = KeepsReservation,
                Reservation = reservation,
                AdmittedUserId = admittedUserId ?? reservation.UserId,
            };
    }
}
