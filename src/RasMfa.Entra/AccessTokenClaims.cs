using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace RasMfa.Entra
{
    /// <summary>
    /// The roles claim of an access token Entra issued to the application: which application permissions were granted.
    /// Read to tell the admin what is missing, never to decide access (Graph checks the token itself).
    /// </summary>
    internal static class AccessTokenClaims
    {
        public static IReadOnlyList<string> Roles(string accessToken)
        {
            var parts = accessToken.Split('.');
            if (parts.Length < 2) return new string[0];
            try
            {
                using var payload = JsonDocument.Parse(Base64Url(parts[1]));
                if (!payload.RootElement.TryGetProperty("roles", out var roles) || roles.ValueKind != JsonValueKind.Array) return new string[0];
                var names = new List<string>();
                foreach (var role in roles.EnumerateArray()) if (role.ValueKind == JsonValueKind.String) names.Add(role.GetString()!);
                return names;
            }
            catch (Exception e) when (e is JsonException || e is FormatException)
            {
                return new string[0];
            }
        }

        private static byte[] Base64Url(string text)
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            return Convert.FromBase64String(padded);
        }
    }
}
