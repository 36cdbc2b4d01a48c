using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.Json;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Radius.Server;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>A listener's status as the control channel carries it: every field of <see cref="ServerStatus"/>, by name.</summary>
    internal static class ServerStatusJson
    {
        public static void Write(Utf8JsonWriter writer, ServerStatus status)
        {
            writer.WriteStartObject();
            writer.WriteBoolean("running", status.Running);
            writer.WriteNumber("processId", status.ProcessId);
            writer.WriteString("kind", status.Kind.ToString());
            WriteNullable(writer, "controlEndpoint", status.ControlEndpoint);
            writer.WriteStartArray("endpoints");
            foreach (var endpoint in status.Endpoints)
            {
                writer.WriteStartObject();
                writer.WriteString("address", endpoint.Address.ToString());
                writer.WriteNumber("port", endpoint.Port);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            WriteNullable(writer, "startTimeUtc", status.StartTimeUtc?.ToString("o", CultureInfo.InvariantCulture));
            WriteNullable(writer, "database", status.Database);
            writer.WriteNumber("clientCount", status.ClientCount);
            if (status.Counters is CounterSnapshot counters)
            {
                writer.WriteStartObject("counters");
                writer.WriteNumber("requests", counters.Requests);
                writer.WriteNumber("accepted", counters.Accepted);
                writer.WriteNumber("rejected", counters.Rejected);
                writer.WriteNumber("challenged", counters.Challenged);
                writer.WriteNumber("duplicates", counters.Duplicates);
                writer.WriteNumber("statusServer", counters.StatusServer);
                writer.WriteNumber("uncached", counters.Uncached);
                WriteCounts(writer, "droppedByReason", counters.DroppedByReason);
                writer.WriteEndObject();
            }
            writer.WriteNumber("requestsInFlight", status.RequestsInFlight);
            WriteNullable(writer, "serverId", status.ServerId);
            writer.WriteNumber("decidedElsewhere", status.DecidedElsewhere);
            writer.WriteNumber("claimsTakenOver", status.ClaimsTakenOver);
            if (status.StoreClockOffset is TimeSpan offset) writer.WriteNumber("storeClockOffsetTicks", offset.Ticks);
            writer.WriteNumber("pendingChallenges", status.PendingChallenges);
            writer.WriteNumber("receiveBufferBytes", status.ReceiveBufferBytes);
            if (status.KernelDrops is long drops) writer.WriteNumber("kernelDrops", drops);
            WriteCounts(writer, "upstreamRepliesIgnored", status.UpstreamRepliesIgnored);
            writer.WriteNumber("storeUnavailableLogins", status.StoreUnavailableLogins);
            writer.WriteNumber("auditRecordsNotWritten", status.AuditRecordsNotWritten);
            writer.WriteNumber("auditRecordsWaiting", status.AuditRecordsWaiting);
            writer.WriteEndObject();
        }

        /// <exception cref="ControlProtocolException">BadArgument when a field is missing or of the wrong type (another RasMfa version, or not a listener).</exception>
        public static ServerStatus Read(JsonElement json)
        {
            try
            {
                var status = new ServerStatus
                {
                    Running = json.GetProperty("running").GetBoolean(),
                    ProcessId = json.GetProperty("processId").GetInt32(),
                    Kind = (ListenerKind)Enum.Parse(typeof(ListenerKind), json.GetProperty("kind").GetString()!, ignoreCase: false),
                    ControlEndpoint = OptionalString(json, "controlEndpoint"),
                    Endpoints = json.GetProperty("endpoints").EnumerateArray()
                        .Select(e => new IPEndPoint(IPAddress.Parse(e.GetProperty("address").GetString()!), e.GetProperty("port").GetInt32())).ToList(),
                    StartTimeUtc = OptionalString(json, "startTimeUtc") is string started
                        ? DateTime.Parse(started, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : (DateTime?)null,
                    Database = OptionalString(json, "database"),
                    ClientCount = json.GetProperty("clientCount").GetInt32(),
                    RequestsInFlight = json.GetProperty("requestsInFlight").GetInt32(),
                    ServerId = OptionalString(json, "serverId"),
                    DecidedElsewhere = json.GetProperty("decidedElsewhere").GetInt64(),
                    ClaimsTakenOver = json.GetProperty("claimsTakenOver").GetInt64(),
                    StoreClockOffset = json.TryGetProperty("storeClockOffsetTicks", out var offset) ? TimeSpan.FromTicks(offset.GetInt64()) : (TimeSpan?)null,
                    PendingChallenges = json.GetProperty("pendingChallenges").GetInt32(),
                    ReceiveBufferBytes = json.GetProperty("receiveBufferBytes").GetInt32(),
                    KernelDrops = json.TryGetProperty("kernelDrops", out var drops) ? drops.GetInt64() : (long?)null,
                    UpstreamRepliesIgnored = ReadCounts(json.GetProperty("upstreamRepliesIgnored")),
                    StoreUnavailableLogins = json.GetProperty("storeUnavailableLogins").GetInt64(),
                    AuditRecordsNotWritten = json.GetProperty("auditRecordsNotWritten").GetInt64(),
                    AuditRecordsWaiting = json.GetProperty("auditRecordsWaiting").GetInt32(),
                };
                if (json.TryGetProperty("counters", out var counters))
                {
                    status.Counters = new CounterSnapshot(counters.GetProperty("requests").GetInt64(), counters.GetProperty("accepted").GetInt64(),
                        counters.GetProperty("rejected").GetInt64(), counters.GetProperty("challenged").GetInt64(), counters.GetProperty("duplicates").GetInt64(),
                        counters.GetProperty("statusServer").GetInt64(), ReadCounts(counters.GetProperty("droppedByReason")))
                    {
                        Uncached = counters.GetProperty("uncached").GetInt64(),
                    };
                }
                return status;
            }
            catch (Exception e) when (e is KeyNotFoundException || e is InvalidOperationException || e is FormatException || e is ArgumentException || e is OverflowException)
            {
                throw new ControlProtocolException(ControlProtocolException.BadArgument, $"The listener's status could not be read: {e.Message}");
            }
        }

        private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
        {
            if (value == null) writer.WriteNull(name);
            else writer.WriteString(name, value);
        }

        private static void WriteCounts(Utf8JsonWriter writer, string name, IDictionary<string, long> counts)
        {
            writer.WriteStartObject(name);
            foreach (var pair in counts) writer.WriteNumber(pair.Key, pair.Value);
            writer.WriteEndObject();
        }

        // Read from another process, shown on a console: neutralized (ControlAnswer).
        private static string? OptionalString(JsonElement json, string name) =>
            json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? DisplayText.Neutralize(value.GetString()) : null;

        private static IDictionary<string, long> ReadCounts(JsonElement json) =>
            json.EnumerateObject().ToDictionary(p => DisplayText.Neutralize(p.Name), p => p.Value.GetInt64(), StringComparer.Ordinal);
    }
}
