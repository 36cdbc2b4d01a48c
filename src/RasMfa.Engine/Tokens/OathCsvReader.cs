using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace RasMfa.Engine.Tokens
{
    /// <summary>Hardware tokens from CSV: Serial, Secret (hex or base32), Type (TOTP or HOTP), Digits, Period, UserName (optional), Counter (optional).</summary>
    public static class OathCsvReader
    {
        public static IEnumerable<OathTokenRow> Read(TextReader reader)
        {
            foreach (var (line, fields) in CsvTable.Read(reader))
            {
                string Field(string name) => fields.TryGetValue(name, out var value) ? value.Trim() : "";
                var source = $"line {line}";
                var serial = Field("Serial");
                var userName = Field("UserName");
                string? error = null;
                OtpToken? token = null;
                var secret = OtpSecrets.Parse(Field("Secret"));
                if (serial.Length == 0) error = "Serial is empty.";
                else if (secret == null) error = "Secret is neither hex nor base32.";
                else if (secret.Length < 16) error = $"Secret is {secret.Length * 8} bits; at least 128 are required (RFC 4226).";
                else if (!Enum.TryParse<OtpTokenType>(Field("Type"), true, out var type) || !Enum.IsDefined(typeof(OtpTokenType), type)) error = $"Type '{Field("Type")}' is not TOTP or HOTP.";
                else if (!TryNumber(Field("Digits"), 6, out int digits) || (digits != 6 && digits != 8)) error = $"Digits '{Field("Digits")}' is not 6 or 8.";
                else if (!TryNumber(Field("Period"), 30, out int period) || period < 10 || period > 300) error = $"Period '{Field("Period")}' is not 10 to 300 seconds.";
                else if (!TryNumber(Field("Counter"), 0, out int counter) || counter < 0) error = $"Counter '{Field("Counter")}' is not a whole number.";
                else token = new OtpToken(serial, type, secret) { Digits = digits, Period = period, Counter = counter };
                yield return new OathTokenRow(source, token, userName.Length == 0 ? null : userName, error);
            }
        }

        private static bool TryNumber(string text, int empty, out int value)
        {
            if (text.Length == 0)
            {
                value = empty;
                return true;
            }
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }
    }
}
