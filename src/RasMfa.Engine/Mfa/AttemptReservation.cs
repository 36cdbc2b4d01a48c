using System;

namespace RasMfa.Engine.Mfa
{
    /// <summary>
    /// A known user's attempt counted before their domain password is checked (<see cref="ILoginStore.ReserveAttemptAsync"/>),
    /// so that passwords sent at once cannot outrun the lockout: refused as the write found the user (locked, disabled,
    /// removed), or admitted with its failure counted in advance, and the lock set if that count reached the threshold.
    /// A wrong password keeps it; any other outcome gives it back in the login's own write (<see cref="LoginWrite.Reservation"/>).
    /// </summary>
    public sealed class AttemptReservation
    {
        public AttemptReservation(long userId, LockoutPolicy lockout, LoginIneligibility refused, DateTime? lockSetUtc)
        {
            UserId = userId;
            Lockout = lockout;
            Refused = refused;
            LockSetUtc = lockSetUtc;
        }

        public long UserId { get; }

        /// <summary>The policy it was made under; its time is the login's, for the write that settles it.</summary>
        public LockoutPolicy Lockout { get; }

        /// <summary>Why the attempt was not admitted; None: admitted, and its failure counted.</summary>
        public LoginIneligibility Refused { get; }

        public bool Admitted => Refused == LoginIneligibility.None;

        /// <summary>The end of the lock this reservation set (its count reached the threshold); given back with it, and only if still the same.</summary>
        public DateTime? LockSetUtc { get; }
    }
}
