using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>
    /// One line the listener sends on the control channel: {"status":{...}}, {"entry":{...}} (a log line), or
    /// {"error":{"code":"...","message":"..."}}, after which the listener closes the connection. What is read is shown on
    /// an admin's console and may come from another account's process: its texts are neutralized here
    /// (<see cref="DisplayText.Neutralize"/>), so that no terminal escape or line break it holds reaches the console.
    /// </summary>
    public sealed class ControlAnswer
    {
        private static readonly JsonDocumentOptions Bounded = new JsonDocumentOptions { MaxDepth = 8 };

        private ControlAnswer(ServerStatus? status, LogEntry? entry, ControlProtocolException? error)
        {
            Status = status;
            Entry = entry;
            Error = error;
        }

        public ServerStatus? Status { get; }
        public LogEntry? Entry { get; }
        public ControlProtocolException? Error { get; }

        public static string StatusLine(ServerStatus status) => Line(writer =>
        {
            writer.WritePropertyName("status");
            ServerStatusJson.Write(writer, status);
        });

        public static string EntryLine(LogEntry entry) => Line(writer =>
        {
            writer.WriteStartObject("entry");
            writer.WriteNumber("sequence", entry.Sequence);
            writer.WriteString("timeUtc", entry.TimeUtc.ToString("o", CultureInfo.InvariantCulture));
            writer.WriteString("level", entry.Level.ToString());
            writer.WriteNumber("eventId", entry.EventId);
            writer.WriteString("category", entry.Category);
            writer.WriteString("message", entry.Message);
            writer.WriteEndObject();
        });

        public static string ErrorLine(string code, string message) => Line(writer =>
        {
            writer.WriteStartObject("error");
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        });

        /// <exception cref="ControlProtocolException">The line is none of the three answers.</exception>
        public static ControlAnswer Parse(string line)
        {
            try
            {
                using var document = JsonDocument.Parse(line, Bounded);
                var root = document.RootElement;
                if (root.TryGetProperty("status", out var status)) return new ControlAnswer(ServerStatusJson.Read(status), null, null);
                if (root.TryGetProperty("entry", out var entry))
                {
                    return new ControlAnswer(null, new LogEntry(entry.GetProperty("sequence").GetInt64(),
                        DateTime.Parse(entry.GetProperty("timeUtc").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                        (LogLevel)Enum.Parse(typeof(LogLevel), entry.GetProperty("level").GetString()!, ignoreCase: false),
                        DisplayText.Neutralize(entry.GetProperty("category").GetString()!), DisplayText.Neutralize(entry.GetProperty("message").GetString()!),
                        // A listener of an earlier build sends no event id: its lines show 0, as lines of no class do.
                        entry.TryGetProperty("eventId", out var eventId) ? eventId.GetInt32() : 0), null);
                }
                if (root.TryGetProperty("error", out var error))
                    return new ControlAnswer(null, null, new ControlProtocolException(DisplayText.Neutralize(error.GetProperty("code").GetString()!),
                        DisplayText.Neutralize(error.GetProperty("message").GetString()!)));
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is FormatException || e is ArgumentException
                || e is System.Collections.Generic.KeyNotFoundException)
            {
                throw new ControlProtocolException(ControlProtocolException.NotJson, $"The listener's answer could not be read: {e.Message}");
            }
            throw new ControlProtocolException(ControlProtocolException.NotJson, "The listener's answer is neither a status, a log line nor an error.");
        }

        private static string Line(Action<Utf8JsonWriter> body)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                body(writer);
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        }
    }
}
