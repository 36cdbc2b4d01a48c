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
        /// Writes run together in one transaction run in <paramref name="order"/> (the rows they lock); <paramref name="work"/>
        /// may run more than once (its transaction undone by a conflict or by another write's failure), so it only reads
        /// and writes the store.
        /// </summary>
        Task<T> Enqueue<T>(Func<StoreSession, T> work, TimeSpan timeout, WriteOrder order = default);

        /// <summary>Transactions committed so far: what a login's writes cost, for tests and measurements.</summary>
        long Commits { get; }
    }
}
