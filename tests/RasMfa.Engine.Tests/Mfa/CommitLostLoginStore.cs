using System;
using System.Threading.Tasks;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Storage;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// The real login store, whose next write the test can make fail after its commit, as a connection lost on the way back
    /// from the commit does (the server has the write, the client an error: the outcome unknown), or before it, as a store
    /// that took nothing.
    /// </summary>
    public sealed class CommitLostLoginStore : DelegatingLoginStore
    {
        private int _losingCommits;
        private int _failing;

        public CommitLostLoginStore(ILoginStore inner) : base(inner) { }

        /// <summary>The next <paramref name="writes"/> settling writes commit, and then fail as lost connections.</summary>
        public void LoseCommits(int writes) => _losingCommits = writes;

        /// <summary>The next <paramref name="writes"/> settling writes fail without reaching the store.</summary>
        public void FailWrites(int writes) => _failing = writes;

        public override async Task<LoginSettlement> SettleAsync(LoginWrite write, DecidedRequest? request, Func<LoginSettlement, LoginRecord> describe)
        {
            if (System.Threading.Interlocked.Decrement(ref _failing) >= 0) throw Lost("before its commit");
            var settled = await Inner.SettleAsync(write, request, describe).ConfigureAwait(false);
            if (System.Threading.Interlocked.Decrement(ref _losingCommits) >= 0) throw Lost("at its commit");
            return settled;
        }

        private static StoreException Lost(string when) =>
            new StoreException(StoreErrorKind.Unavailable, "StoreUnreachable", $"The store's connection was lost {when} (test).");
    }
}
