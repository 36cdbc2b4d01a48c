using System;
using System.Text.Json;

namespace RasMfa.Engine.Storage.Export
{
    /// <summary>
    /// A column's value in a configuration file's body: null, true/false, a number or a string as JSON has them (a time as
    /// ISO-8601 text, as SQLite keeps it); octets as {"octets": Base64}; the secret of a sealed column, unsealed, as
    /// {"secret": Base64} (the body is sealed whole). The destination's column type decides the rest, as in a copy.
    /// </summary>
    internal static class ExportedValues
    {
        private const string OctetsName = "octets";
        private const string SecretName = "secret";

        public static void Write(Utf8JsonWriter json, object value, bool secret)
        {
            switch (value)
            {
                case DBNull _: json.WriteNullValue(); break;
                case bool flag: json.WriteBooleanValue(flag); break;
                case string text: json.WriteStringValue(text); break;
                case DateTime time: json.WriteStringValue(StoreDatabase.Time(time.ToUniversalTime())); break;
                case DateTimeOffset offset: json.WriteStringValue(StoreDatabase.Time(offset.UtcDateTime)); break;
                case byte[] octets:
                    json.WriteStartObject();
                    json.WriteString(secret ? SecretName : OctetsName, Convert.ToBase64String(octets));
                    json.WriteEndObject();
                    break;
                case long number: json.WriteNumberValue(number); break;
                case int number: json.WriteNumberValue(number); break;
                case short number: json.WriteNumberValue(number); break;
                case double number: json.WriteNumberValue(number); break;
                case float number: json.WriteNumberValue(number); break;
                case decimal number: json.WriteNumberValue(number); break;
                default: throw new InvalidOperationException($"A column's value of type {value.GetType().Name} has no form in a configuration file.");
            }
        }

        /// <summary>The value <paramref name="element"/> holds; <paramref name="isSecret"/> says it is an unsealed secret (its octets returned).</summary>
        public static object Read(JsonElement element, out bool isSecret)
        {
            isSecret = false;
            switch (element.ValueKind)
            {
                case JsonValueKind.Null: return DBNull.Value;
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                case JsonValueKind.String: return element.GetString()!;
                case JsonValueKind.Number: return element.TryGetInt64(out var whole) ? (object)whole : element.GetDouble();
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (property.Value.ValueKind != JsonValueKind.String) break;
                        isSecret = property.NameEquals(SecretName);
                        if (!isSecret && !property.NameEquals(OctetsName)) break;
                        try
                        {
                            return Convert.FromBase64String(property.Value.GetString()!);
                        }
                        catch (FormatException)
                        {
                            break;
                        }
                    }
                    break;
            }
            throw ConfigurationFileErrors.Damaged($"a row holds a value ({element.ValueKind}) that no column of an export holds");
        }
    }
}
