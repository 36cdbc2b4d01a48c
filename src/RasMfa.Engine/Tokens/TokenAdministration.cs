using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Storage;

namespace RasMfa.Engine.Tokens
{
    /// <summary>The token operations the cmdlets offer, each one engine call.</summary>
    public sealed class TokenAdministration
    {
        private readonly IRasMfaStore _store;

        public TokenAdministration(IRasMfaStore store) => _store = store;

        /// <summary>A new TOTP secret for a user, stored encrypted; the clear secret leaves only in the returned registration.</summary>
        public TotpRegistration RegisterTotp(string userName, string issuer, int digits, OtpAlgorithm algorithm, bool replace)
        {
            var user = _store.Users.Get(userName) ?? throw new StoreException(StoreErrorKind.NotFound, "RasMfaUserNotFound", $"No user is named '{userName}'.");
            var existing = _store.Tokens.GetByUser(user.Id);
            if (existing != null && !replace)
                throw new StoreException(StoreErrorKind.Conflict, "UserAlreadyHasToken", $"'{user.UserName}' already has the token '{existing.Serial}'. Use -Force to replace it; the old one stops working at once.");
            var secret = OtpSecrets.Generate(algorithm);
            var token = new OtpToken($"TOTP-{Guid.NewGuid():N}".Substring(0, 17).ToUpperInvariant(), OtpTokenType.Totp, secret)
            {
                UserId = user.Id,
                Algorithm = algorithm,
                Digits = digits,
                Period = 30,
            };
            _store.Tokens.Add(token, replaceUsersToken: replace);
            return new TotpRegistration(user.UserName, token.Serial, OtpSecrets.ToBase32(secret),
                Enrollment.OtpAuthUri(issuer, user.UserName, secret, algorithm, digits, token.Period), existing?.Serial);
        }

        /// <summary>Reads a CSV or PSKC file and stores its tokens in one transaction; one outcome per token or bad row.</summary>
        public IReadOnlyList<OathTokenRow> ImportOath(string path, byte[]? preSharedKey)
        {
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
                if (row.Token != null && row.UserName != null)
                {
                    var user = _store.Users.Get(row.UserName);
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
            var errors = _store.Tokens.AddMany(toStore.Select(r => r.Token!).ToList());
            for (int i = 0; i < toStore.Count; i++)
                results.Add(errors[i] == null ? toStore[i] : new OathTokenRow(toStore[i].Source, null, toStore[i].UserName, errors[i]));
            return results;
        }

        /// <summary>Resynchronises from two consecutive codes; the codes are used up, as after a login.</summary>
        public TokenSyncResult Sync(string serial, string firstCode, string secondCode, MfaSettings settings, DateTime nowUtc)
        {
            var token = _store.Tokens.GetBySerial(serial) ?? throw new StoreException(StoreErrorKind.NotFound, "TokenNotFound", $"No token has the serial '{serial}'.");
            var position = TokenSync.FindSecondPosition(token, firstCode, secondCode, nowUtc)
                ?? throw new StoreException(StoreErrorKind.Conflict, "TokenSyncFailed", $"The two codes are not consecutive codes of token '{serial}' within the search window; read two new codes, one after the other.");
            if (token.Type == OtpTokenType.Hotp)
            {
                _store.Tokens.SetHotpCounter(token.Id, position + 1);
                return new TokenSyncResult(serial, token.Type, position + 1, 0);
            }
            int drift = (int)(position - OtpCalculator.TimeStep(nowUtc, token.Period));
            if (Math.Abs(drift) > settings.TotpMaxDriftSteps)
                throw new StoreException(StoreErrorKind.Conflict, "TokenDriftTooLarge",
                    $"Token '{serial}' runs {drift * token.Period} s off; TotpMaxDriftSteps allows {settings.TotpMaxDriftSteps * token.Period} s. Fix the token's clock or raise TotpMaxDriftSteps.");
            if (!_store.Tokens.TryConsumeTotpStep(token.Id, position, drift))
                throw new StoreException(StoreErrorKind.Conflict, "TokenSyncFailed", "These codes were already used; read two new codes.");
            return new TokenSyncResult(serial, token.Type, position, drift);
        }
    }

    public sealed class TotpRegistration
    {
        public TotpRegistration(string userName, string serial, string secret, string otpAuthUri, string? replacedSerial)
        {
            UserName = userName;
            Serial = serial;
            Secret = secret;
            OtpAuthUri = otpAuthUri;
            ReplacedSerial = replacedSerial;
        }

        public string UserName { get; }
        public string Serial { get; }

        /// <summary>Base32, as authenticator apps take it when typed in. Shown this once; never stored in clear.</summary>
        public string Secret { get; }

        public string OtpAuthUri { get; }
        public string? ReplacedSerial { get; }
        public string? QrCodePath { get; set; }
    }

    public sealed class TokenSyncResult
    {
        public TokenSyncResult(string serial, OtpTokenType type, long position, int driftSteps)
        {
            Serial = serial;
            Type = type;
            Position = position;
            DriftSteps = driftSteps;
        }

        public string Serial { get; }
        public OtpTokenType Type { get; }

        /// <summary>HOTP: the next counter expected; TOTP: the step last used.</summary>
        public long Position { get; }

        public int DriftSteps { get; }
    }
}
