using System;
using System.Threading;

namespace RasMfa.Service
{
    /// <summary>
    /// Whether the listener's socket is bound yet, or why it never will be: what the Windows service waits for before the
    /// SCM is told it runs (systemd's READY=1 follows the host's ApplicationStarted, which comes after the same start).
    /// </summary>
    internal sealed class ListenerReadiness : IDisposable
    {
        private readonly ManualResetEventSlim _settled = new ManualResetEventSlim();

        /// <summary>Why the listener did not start; null while it starts, or once it listens.</summary>
        public ListenerStartException? Failure { get; private set; }

        public void Listening() => _settled.Set();

        public void Failed(ListenerStartException failure)
        {
            Failure = failure;
            _settled.Set();
        }

        /// <summary>True once the listener listens or failed to; false while it is still starting after <paramref name="wait"/>.</summary>
        public bool WaitSettled(TimeSpan wait) => _settled.Wait(wait);

        public void Dispose() => _settled.Dispose();
    }
}
