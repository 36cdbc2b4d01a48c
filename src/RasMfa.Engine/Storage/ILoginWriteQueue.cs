using System;
using System.Threading.Tasks;

namespace RasMfa.Engine.Storage
{
    /// <summary>Runs the login path's writes (replay guard, counters, audit record), each durable before its caller hears the result.</summary>
    internal interface ILoginWriteQueue : IDisposable
    {
        /// <summary>
        /// Runs <paramref name="work"/> in a transaction that commits before the task completes. A write not done within
        /// <paramref name="timeout"/> (the store's locks held elsewhere) fails with StoreWriteTimedOut and changes nothing.
        /// </summary>
        Task<T> Enqueue<T>(Func<StoreSession, T> work, TimeSpan timeout);

        /// <summary>Transactions committed so far: what a login's writes cost, for tests and measurements.</summary>
        long Commits { get; }
    }
}
