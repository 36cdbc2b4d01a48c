using System;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Mfa;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>The real login store, counting the durable writes a decision makes (each one a commit the login waits on).</summary>
    public sealed class CountingLoginStore : ILoginStore
    {
        private readonly ILoginStore _inner;
        private int _writes;

        public CountingLoginStore(ILoginStore inner) => _inner = inner;

        public int Writes => Volatile.Read(ref _writes);

        public LoginLookup Find(string requestedName) => _inner.Find(requestedName);

        public LoginLookup FindByNames(System.Collections.Generic.IReadOnlyCollection<string> names) => _inner.FindByNames(names);

        public Task<AttemptReservation> ReserveAttemptAsync(long userId, LockoutPolicy lockout)
        {
            Interlocked.Increment(ref _writes);
            return _inner.ReserveAttemptAsync(userId, lockout);
        }

        public Task GiveBackAsync(System.Collections.Generic.IReadOnlyCollection<AttemptReservation> reservations)
        {
            Interlocked.Increment(ref _writes);
            return _inner.GiveBackAsync(reservations);
        }

        public Task<LoginSettlement> SettleAsync(LoginWrite write, Func<LoginSettlement, AuthenticationRecord> describe)
        {
            Interlocked.Increment(ref _writes);
            return _inner.SettleAsync(write, describe);
        }
    }
}
