using System;
using System.Threading.Tasks;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Where a stage ends the login: what to write durably, and how the verdict follows from what the write found (a code
    /// already used, a failure that locked the user). The verdict and its audit record are made inside the one write.
    /// </summary>
    public sealed class Settlement
    {
        /// <summary>A stage's "go on to the next stage".</summary>
        public static readonly Task<Settlement?> Continue = Task.FromResult<Settlement?>(null);

        public Settlement(LoginWrite write, Func<LoginSettlement, Verdict> decide)
        {
            Write = write;
            Decide = decide;
        }

        public LoginWrite Write { get; }

        /// <summary>Pure: runs on the store's writer, within the write's transaction.</summary>
        public Func<LoginSettlement, Verdict> Decide { get; }

        public static Settlement Final(Verdict verdict) => new Settlement(LoginWrite.AuditOnly, _ => verdict);

        public static Task<Settlement?> Stop(Verdict verdict) => Task.FromResult<Settlement?>(Final(verdict));
    }
}
