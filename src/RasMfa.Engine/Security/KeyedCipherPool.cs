using System;
using System.Threading;

namespace RasMfa.Engine.Security
{
    /// <summary>
    /// AES-GCM instances set up for one key, lent to one thread at a time: opening a token secret at each login then costs
    /// no new cipher object (an OpenSSL context set up with the key). Lock-free: a thread takes an idle instance from a
    /// slot, or makes one when none is idle, and puts it back after. Once disposed (its key was rotated away), every
    /// instance held is disposed, and any still lent out is disposed as it comes back, so no context keeps the old key.
    /// </summary>
    internal sealed class KeyedCipherPool : IDisposable
    {
        private readonly Func<IKeyedAesGcm> _create;
        private readonly IKeyedAesGcm?[] _idle;
        private int _disposed;

        public KeyedCipherPool(Func<IKeyedAesGcm> create)
        {
            _create = create;
            // As many as threads can use it at once; more only make the extra threads set up a cipher of their own each time.
            _idle = new IKeyedAesGcm?[Math.Max(2, Math.Min(Environment.ProcessorCount * 2, 32))];
        }

        /// <summary>Instances made so far (for tests: the same key's cipher is set up once, not per secret opened).</summary>
        public int Created => Volatile.Read(ref _created);

        private int _created;

        public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

        /// <summary>An instance no other thread is using, until <see cref="Return"/>.</summary>
        public IKeyedAesGcm Rent()
        {
            for (int i = 0; i < _idle.Length; i++)
            {
                var idle = Interlocked.Exchange(ref _idle[i], null);
                if (idle != null) return idle;
            }
            Interlocked.Increment(ref _created);
            return _create();
        }

        public void Return(IKeyedAesGcm cipher)
        {
            if (!IsDisposed)
            {
                for (int i = 0; i < _idle.Length; i++)
                {
                    if (Interlocked.CompareExchange(ref _idle[i], cipher, null) != null) continue;
                    // Disposed meanwhile, and perhaps already swept past this slot: take it back out (unless the sweep took it).
                    if (IsDisposed && Interlocked.CompareExchange(ref _idle[i], null, cipher) == cipher) cipher.Dispose();
                    return;
                }
            }
            cipher.Dispose();
        }

        public void Dispose()
        {
            Interlocked.Exchange(ref _disposed, 1);
            for (int i = 0; i < _idle.Length; i++) Interlocked.Exchange(ref _idle[i], null)?.Dispose();
        }
    }
}
