using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>
    /// One request on the control channel, a JSON object on one line: {"command":"status"}, or
    /// {"command":"log","after":0,"follow":true} for the log lines after a sequence number, then the new ones as they come.
    /// </summary>
    public sealed class ControlRequest
    {
        public const string StatusCommand = "status";
        public const string LogCommand = "log";
        private static readonly JsonDocumentOptions Strict = new JsonDocumentOptions { MaxDepth = 2 };

        private ControlRequest(string command, long after, bool follow)
        {
            Command = command;
            After = after;
            Follow = follow;
        }

        public string Command { get; }

        /// <summary>For log: only the lines whose sequence number is greater.</summary>
        public long After { get; }

        /// <summary>For log: keep sending new lines until the client closes the connection.</summary>
        public bool Follow { get; }

        public static ControlRequest Status() => new ControlRequest(StatusCommand, 0, false);

        public static ControlRequest Log(long after, bool follow) => new ControlRequest(LogCommand, Math.Max(0, after), follow);

        /// <exception cref="ControlProtocolException">The line is not such an object, names an unknown command, or carries an unknown or mistyped member.</exception>
        public static ControlRequest Parse(string line)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line, Strict);
            }
            catch (JsonException)
            {
                throw new ControlProtocolException(ControlProtocolException.NotJson, "A request is one JSON object on one line, such as {\"command\":\"status\"}.");
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw new ControlProtocolException(ControlProtocolException.NotJson, "A request is one JSON object on one line, such as {\"command\":\"status\"}.");
                string? command = null;
                long after = 0;
                bool follow = false;
                foreach (var member in root.EnumerateObject())
                {
                    switch (member.Name)
                    {
                        case "command" when member.Value.ValueKind == JsonValueKind.String:
                            command = member.Value.GetString();
                            break;
                        case "after" when member.Value.ValueKind == JsonValueKind.Number && member.Value.TryGetInt64(out var number) && number >= 0:
                            after = number;
                            break;
                        case "follow" when member.Value.ValueKind == JsonValueKind.True || member.Value.ValueKind == JsonValueKind.False:
                            follow = member.Value.GetBoolean();
                            break;
                        default:
                            throw new ControlProtocolException(ControlProtocolException.BadArgument,
                                "A request has \"command\" (a string), and for log \"after\" (a sequence number, 0 or more) and \"follow\" (true or false); nothing else.");
                    }
                }
                if (command == StatusCommand && after == 0 && !follow) return Status();
                if (command == LogCommand) return Log(after, follow);
                if (command == StatusCommand)
                    throw new ControlProtocolException(ControlProtocolException.BadArgument, "\"after\" and \"follow\" belong to the log command.");
                throw new ControlProtocolException(ControlProtocolException.UnknownCommand, "Unknown command: the commands are \"status\" and \"log\".");
            }
        }

        /// <summary>The request as the line a client sends, newline included.</summary>
        public string ToLine()
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("command", Command);
                if (Command == LogCommand)
                {
                    writer.WriteNumber("after", After);
                    writer.WriteBoolean("follow", Follow);
                }
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        }
    }
}
