using System.Text.Json;
using System.Text.Json.Serialization;

namespace RasMfa.Engine.Delivery.GraphMail
{
    /// <summary>
    /// A Graph mail provider's settings, stored as the definition's JSON: the Entra tenant whose credential it sends with (it
    /// has no secret of its own) and the mailbox it sends as.
    /// </summary>
    public sealed class GraphMailSettings
    {
        public const int DefaultTimeoutSeconds = SendTimeout.MaxSeconds;

        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        /// <summary>The name of the Entra tenant (Add-RasMfaEntraTenant).</summary>
        public string EntraTenant { get; set; } = "";

        /// <summary>The user or shared mailbox sent as (its UPN or primary address); also the From address.</summary>
        public string Mailbox { get; set; } = "";

        /// <summary>The whole send, token included; at most <see cref="SendTimeout.MaxSeconds"/>.</summary>
        public int TimeoutSeconds { get; set; } = DefaultTimeoutSeconds;

        public string ToJson() => JsonSerializer.Serialize(this, Json);

        /// <summary>The settings in <paramref name="json"/>; null with <paramref name="problem"/> when they cannot be read.</summary>
        public static GraphMailSettings? Parse(string json, out string? problem)
        {
            try
            {
                var settings = JsonSerializer.Deserialize<GraphMailSettings>(json, Json);
                problem = settings == null ? "the settings are empty" : null;
                return settings;
            }
            catch (JsonException e)
            {
                problem = "the settings are not valid JSON for a Graph mail provider: " + e.Message;
                return null;
            }
        }
    }
}
