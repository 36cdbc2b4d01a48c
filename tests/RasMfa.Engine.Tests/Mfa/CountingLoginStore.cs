using System;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Mfa;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>The real login store, counting the durable writes a decision makes (each one a commit the login waits on).</summary>
    public sealed class CountingLoginStore : DelegatingLoginStore
    {
        private int _writes;

        public CountingLoginStore(ILoginStore inner) : base(inner) { }

        public int Writes => Volatile.Read(ref _writes);

        public override Task<AttemptReservation> ReserveAttemptAsync(long userId, LockoutPolicy lockout)
        {
            Interlocked.Increment(ref _writes);
            return base.ReserveAttemptAsync(userId, lockout);
        }

        public override Task GiveBackAsync(System.Collections.Generic.IReadOnlyCollection<AttemptReservation> reservations)
        {
            Interlocked.Increment(ref _writes);
            return base.GiveBackAsync(reservations);
        }

        public override Task<LoginSettlement> SettleAsync(LoginWrite write, DecidedRequest? request, Func<LoginSettlement, LoginRecord> describe)
        {
            Interlocked.Increment(ref _writes);
            return base.SettleAsync(write, request, describe);
        }

        public override Task<RequestDecision> ClaimAsync(DecidedRequest request, TimeSpan lease)
        {
            Interlocked.Increment(ref _writes);
            return base.ClaimAsync(request, lease);
        }
    }
}
