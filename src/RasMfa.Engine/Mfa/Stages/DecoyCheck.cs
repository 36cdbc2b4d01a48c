using System.Threading.Tasks;
using RasMfa.Engine.Tokens;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// A login refused whatever code it carries (an unknown, unenrolled, disabled or locked user, or a decoy challenge's
    /// later round) still has its code checked, against a token no one holds, with the algorithm and window a real
    /// user's has, and settles with <see cref="LoginWrite.Decoy"/>, which writes as a real wrong code does: so the time
    /// to the answer does not tell an unknown name from a real user's wrong code.
    /// </summary>
    public static class DecoyCheck
    {
        // One per process, at random: nobody holds it, and whether a code matches it is never looked at.
        private static readonly OtpToken NobodysToken = new OtpToken("decoy", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1));

        /// <summary>A refusal found by a stage: a decoy challenge when a code is asked for, else the refusal, with a code's work done.</summary>
        public static Task<Settlement?> Refuse(LoginAttempt attempt, Verdict refusal) =>
            Task.FromResult<Settlement?>(Settle(attempt, Decisions.RefuseOrDecoy(attempt, refusal)));

        /// <summary>Settles with <paramref name="verdict"/> after the work a real user's code check would do; none when no code would be checked.</summary>
        public static Settlement Settle(LoginAttempt attempt, Verdict verdict)
        {
            if (!attempt.CarriesCode) return Settlement.Final(verdict);
            var response = attempt.AppendedCode != null ? CodeResponse.FromClear(attempt.AppendedCode) : attempt.Response;
            if (!response.IsEmpty) OtpVerifier.FindTotp(NobodysToken, attempt.NowUtc, attempt.Settings, response.Matches);
            return new Settlement(LoginWrite.Decoy, _ => verdict);
        }
    }
}
