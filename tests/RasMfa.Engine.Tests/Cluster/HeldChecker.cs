using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.FirstFactors;

namespace RasMfa.Engine.Tests.Cluster
{
    /// <summary>
    /// A directory or upstream RADIUS stand-in shared by the servers of a test: it counts the passwords it is asked to check,
    /// says when the first arrives, and answers only once the test releases it (or at once, when not held).
    /// </summary>
    public sealed class HeldChecker : IFirstFactorChecker
    {
        private readonly TaskCompletionSource<bool> _released = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<bool> _asked = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _checks;

        public HeldChecker(bool held) { if (!held) _released.TrySetResult(true); }

        public const string GoodPassword = "Correct horse 1";

        /// <summary>Passwords checked so far, by every server.</summary>
        public int Checks => Volatile.Read(ref _checks);

        /// <summary>Completes when the first password reaches the checker.</summary>
        public Task Asked => _asked.Task;

        public void Release() => _released.TrySetResult(true);

        public async Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _checks);
            _asked.TrySetResult(true);
            await _released.Task.ConfigureAwait(false);
            return System.Text.Encoding.UTF8.GetString(password) == GoodPassword
                ? new FirstFactorResult(FirstFactorOutcome.Accepted, "password accepted by the stand-in")
                : new FirstFactorResult(FirstFactorOutcome.Rejected, "password rejected by the stand-in");
        }
    }
}
