using System;
using RasMfa.Engine.Configuration;

namespace RasMfa.Engine.Tokens
{
    /// <summary>Where a code matched: the TOTP step (with the drift it implies) or the HOTP counter.</summary>
    public sealed class OtpMatch
    {
        public OtpMatch(long position, int driftSteps)
        {
            Position = position;
            DriftSteps = driftSteps;
        }

        /// <summary>TOTP: the time step; HOTP: the counter.</summary>
        public long Position { get; }

        public int DriftSteps { get; }
    }

    /// <summary>Whether the response matches <paramref name="candidate"/>, a code's ASCII digits (valid only during the call).</summary>
    public delegate bool CandidateMatch(ReadOnlySpan<byte> candidate);

    /// <summary>
    /// Finds which candidate code a response matches. The comparison is the caller's (constant-time equality for PAP,
    /// a CHAP hash for CHAP), so the same search serves both encodings. Every candidate is tried, matched or not.
    /// </summary>
    public static class OtpVerifier
    {
        public static OtpMatch? Find(OtpToken token, DateTime nowUtc, MfaSettings settings, CandidateMatch responseMatches)
        {
            return token.Type == OtpTokenType.Totp ? FindTotp(token, nowUtc, settings, responseMatches) : FindHotp(token, settings, responseMatches);
        }

        public static OtpMatch? FindTotp(OtpToken token, DateTime nowUtc, MfaSettings settings, CandidateMatch responseMatches)
        {
            long now = OtpCalculator.TimeStep(nowUtc, token.Period);
            long center = now + token.DriftSteps;
            OtpMatch? match = null;
            Span<byte> code = CodeBuffer(token, stackalloc byte[OtpCalculator.MaxDigits]);
            for (long step = center - settings.TotpStepsBack; step <= center + settings.TotpStepsForward; step++)
            {
                OtpCalculator.WriteCode(token, step, code);
                bool hit = responseMatches(code);
                int drift = (int)(step - now);
                // Prefer the match nearest the expected step; a drift beyond the cap is not followed.
                if (hit && Math.Abs(drift) <= settings.TotpMaxDriftSteps && (match == null || Math.Abs(step - center) < Math.Abs(match.Position - center)))
                    match = new OtpMatch(step, drift);
            }
            code.Clear();
            return match;
        }

        public static OtpMatch? FindHotp(OtpToken token, MfaSettings settings, CandidateMatch responseMatches)
        {
            OtpMatch? match = null;
            Span<byte> code = CodeBuffer(token, stackalloc byte[OtpCalculator.MaxDigits]);
            for (long counter = token.Counter; counter < token.Counter + settings.HotpLookAhead; counter++)
            {
                OtpCalculator.WriteCode(token, counter, code);
                if (responseMatches(code) && match == null) match = new OtpMatch(counter, 0);
            }
            code.Clear();
            return match;
        }

        // The candidates are written over one another in one buffer on the stack, cleared when the search ends.
        private static Span<byte> CodeBuffer(OtpToken token, Span<byte> room) =>
            room.Slice(0, Math.Max(0, Math.Min(token.Digits, OtpCalculator.MaxDigits)));
    }
}
