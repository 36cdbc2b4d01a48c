using RasMfa.Engine.Audit;

namespace RasMfa.Engine.Mfa
{
    /// <summary>
    /// What a decision's write records besides its own changes, made inside the write from what it found: the audit record,
    /// the answer (recorded under the request's key), and the challenge the answer opens, if any.
    /// </summary>
    public sealed class LoginRecord
    {
        public LoginRecord(AuthenticationRecord audit, RecordedAnswer answer, PendingChallenge? opens = null)
        {
            Audit = audit;
            Answer = answer;
            Opens = opens;
        }

        public AuthenticationRecord Audit { get; }

        public RecordedAnswer Answer { get; }

        /// <summary>An Access-Challenge's challenge, stored in the same write, under <see cref="RecordedAnswer.State"/>.</summary>
        public PendingChallenge? Opens { get; }
    }
}
