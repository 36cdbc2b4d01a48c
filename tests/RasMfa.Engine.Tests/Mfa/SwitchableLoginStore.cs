using System;
using System.Threading.Tasks;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Mfa;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>The real login store, whose writes the test can make fail as a store that cannot be written does.</summary>
    public sealed class SwitchableLoginStore : ILoginStore
    {
        private readonly ILoginStore _inner;

        public SwitchableLoginStore(ILoginStore inner) => _inner = inner;

        /// <summary>True: every write fails, as one that found the write lock held past its time does.</summary>
        public volatile bool Unavailable;

        /// <summary>True: a write cannot even be queued (the store's writer has closed), and the call itself throws.</summary>
        public volatile bool Closed;

        public LoginLookup Find(string requestedName) => _inner.Find(requestedName);

        public LoginLookup FindByNames(System.Collections.Generic.IReadOnlyCollection<string> names) => _inner.FindByNames(names);

        public Task<AttemptReservation> ReserveAttemptAsync(long userId, LockoutPolicy lockout)
        {
            if (Closed) throw new InvalidOperationException("The store's write queue is closed (test).");
            if (Unavailable) return Task.FromException<AttemptReservation>(new TimeoutException("The store's write lock was not free in time (test)."));
            return _inner.ReserveAttemptAsync(userId, lockout);
        }

        public Task GiveBackAsync(System.Collections.Generic.IReadOnlyCollection<AttemptReservation> reservations)
        {
            if (Closed) throw new InvalidOperationException("The store's write queue is closed (test).");
            if (Unavailable) return Task.FromException(new TimeoutException("The store's write lock was not free in time (test)."));
            return _inner.GiveBackAsync(reservations);
        }

        public Task<LoginSettlement> SettleAsync(LoginWrite write, Func<LoginSettlement, AuthenticationRecord> describe)
        {
            if (Closed) throw new InvalidOperationException("The store's write queue is closed (test).");
            if (Unavailable) return Task.FromException<LoginSettlement>(new TimeoutException("The store's write lock was not free in time (test)."));
            return _inner.SettleAsync(write, describe);
        }
    }
}
