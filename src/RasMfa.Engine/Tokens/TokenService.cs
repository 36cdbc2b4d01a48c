using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Tokens
{
    /// <summary>The engine's front door for tokens: enrolment, import, resynchronisation and removal, each one call.</summary>
    public sealed class TokenService
    {
        private readonly ITokenStore _tokens;
        private readonly IUserStore _users;
        private readonly ISettingsStore _settings;

        public TokenService(ITokenStore tokens, IUserStore users, ISettingsStore settings)
        {
            _tokens = tokens;
            _users = users;
            _settings = settings;
        }

        public IReadOnlyList<OtpToken> List() => _tokens.List();

        /// <summary>Removes the token; its user can no longer log in with it.</summary>
        public void Remove(string serial, IChangeReview review)
        {
            if (!review.Approve(serial, "Remove token (its user can no longer log in with it)")) return;
            _tokens.Remove(serial);
        }

        /// <summary>
        /// A new TOTP secret for a user, stored encrypted, beside any token the user holds (the default stays as it was);
        /// with <paramref name="replace"/>, every token the user held is removed in the same transaction. The clear secret
        /// leaves only in the returned registration.
        /// </summary>
        /// <remarks>Null when the review did not approve it.</remarks>
        public TotpRegistration? RegisterTotp(string userName, string issuer, int digits, OtpAlgorithm algorithm, bool replace, IChangeReview review)
        {
            if (!review.Approve(userName, replace ? "Register a new TOTP secret, replacing every token the user has" : "Register a TOTP secret, beside any token the user has")) return null;
            var user = _users.Get(userName) ?? throw UserService.NotFound(userName);
            var existing = _users.TokenSerialsOf(user.Id);
            var secret = OtpSecrets.Generate(algorithm);
            var token = new OtpToken($"TOTP-{Guid.NewGuid():N}".Substring(0, 17).ToUpperInvariant(), OtpTokenType.Totp, secret)
            {
                UserId = user.Id,
                Algorithm = algorithm,
                Digits = digits,
                Period = 30,
            };
            _tokens.Add(token, replaceUsersTokens: replace);
            var replaced = replace ? existing : new string[0];
            foreach (var serial in replaced) review.Warn($"The token '{serial}' of '{user.UserName}' was removed and no longer works.");
            return new TotpRegistration(user.UserName, token.Serial, OtpSecrets.ToBase32(secret),
                Enrollment.OtpAuthUri(issuer, user.UserName, secret, algorithm, digits, token.Period), replaced);
        }

        /// <summary>Reads a CSV or PSKC file and stores its tokens in one transaction; one outcome per token or bad row.</summary>
        /// <remarks>Null when the review did not approve it.</remarks>
        public IReadOnlyList<OathTokenRow>? ImportOath(string path, byte[]? preSharedKey, IChangeReview review)
        {
            if (!review.Approve(path, "Import OATH tokens")) return null;
            List<OathTokenRow> rows;
            using (var reader = new StreamReader(path))
            {
                bool xml = path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pskc", StringComparison.OrdinalIgnoreCase) || reader.Peek() == '<';
                rows = (xml ? PskcReader.Read(reader, preSharedKey) : OathCsvReader.Read(reader)).ToList();
            }
            var results = new List<OathTokenRow>(rows.Count);
            var toStore = new List<OathTokenRow>();
            foreach (var row in rows)
            {
                // Only Send-RasMfaEnrollment makes an ENROL- token: an imported one would read as a user's pending enrolment.
                if (row.Token != null && PendingEnrollmentSerial.ReservedRefusal(row.Token.Serial) is string reserved)
                {
                    results.Add(new OathTokenRow(row.Source, null, row.UserName, reserved, PendingEnrollmentSerial.ReservedErrorId));
                    continue;
                }
                if (row.Token != null && row.UserName != null)
                {
                    var user = _users.Get(row.UserName);
                    if (user == null)
                    {
                        results.Add(new OathTokenRow(row.Source, null, row.UserName, $"names the user '{row.UserName}', who does not exist; add the user first."));
                        continue;
                    }
                    row.Token.UserId = user.Id;
                }
                if (row.Token == null) results.Add(row);
                else toStore.Add(row);
            }
            var errors = _tokens.AddMany(toStore.Select(r => r.Token!).ToList());
            for (int i = 0; i < toStore.Count; i++)
                results.Add(errors[i] == null ? toStore[i] : new OathTokenRow(toStore[i].Source, null, toStore[i].UserName, errors[i]));
            return results;
        }

        /// <summary>Resynchronises from two consecutive codes; the codes are used up, as after a login.</summary>
        /// <remarks>Null when the review did not approve it.</remarks>
        public TokenSyncResult? Sync(string serial, string firstCode, string secondCode, DateTime nowUtc, IChangeReview review)
        {
            if (!review.Approve(serial, "Resynchronise token")) return null;
            var settings = _settings.Get();
            var token = _tokens.GetBySerial(serial) ?? throw new EngineException(EngineErrorKind.NotFound, "TokenNotFound", $"No token has the serial '{serial}'.");
            var position = TokenSync.FindSecondPosition(token, firstCode, secondCode, nowUtc)
                ?? throw new EngineException(EngineErrorKind.Conflict, "TokenSyncFailed", $"The two codes are not consecutive codes of token '{serial}' within the search window; read two new codes, one after the other.");
            if (token.Type == OtpTokenType.Hotp)
            {
                _tokens.SetHotpCounter(token.Id, position + 1);
                return new TokenSyncResult(serial, token.Type, position + 1, 0);
            }
            int drift = (int)(position - OtpCalculator.TimeStep(nowUtc, token.Period));
            if (Math.Abs(drift) > settings.TotpMaxDriftSteps)
                throw new EngineException(EngineErrorKind.Conflict, "TokenDriftTooLarge",
                    $"Token '{serial}' runs {drift * token.Period} s off; TotpMaxDriftSteps allows {settings.TotpMaxDriftSteps * token.Period} s. Fix the token's clock or raise TotpMaxDriftSteps.");
            if (!_tokens.TryConsumeTotpStep(token.Id, position, drift))
                throw new EngineException(EngineErrorKind.Conflict, "TokenSyncFailed", "These codes were already used; read two new codes.");
            return new TokenSyncResult(serial, token.Type, position, drift);
        }
    }
}
