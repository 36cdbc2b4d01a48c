using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RasMfa.Engine.Tokens;

namespace RasMfa.LoadGen
{
    /// <summary>An enrolled user the generator logs in, with the token it computes codes for.</summary>
    internal sealed class LoadUser
    {
        public LoadUser(string userName, OtpToken token)
        {
            UserName = userName;
            Token = token;
        }

        public string UserName { get; }

        public OtpToken Token { get; }

        /// <summary>Reads "UserName,Secret" lines (base32 secret), header first.</summary>
        public static IReadOnlyList<LoadUser> ReadCsv(string path) =>
            File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(line =>
            {
                var fields = line.Split(',');
                var secret = OtpSecrets.Parse(fields[1]) ?? throw new FormatException($"Bad secret for {fields[0]}.");
                return new LoadUser(fields[0], new OtpToken(fields[0], OtpTokenType.Totp, secret));
            }).ToList();

        /// <summary>The code of the current step: each user is sent once per step, so replay protection is met honestly.</summary>
        public string CurrentCode() => CodeAt(DateTime.UtcNow);

        /// <summary>The code of the step <paramref name="timeUtc"/> falls in.</summary>
        public string CodeAt(DateTime timeUtc) => OtpCalculator.TotpForStep(Token, OtpCalculator.TimeStep(timeUtc, Token.Period));
    }
}
