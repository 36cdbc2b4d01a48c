using System;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// The request_decision table: per request key (the same datagram from the same client on every server), the server
    /// that claimed it and, once decided, the answer it got, kept <see cref="DecidedRequest.KeptFor"/>. SQL every dialect runs.
    /// </summary>
    internal static class SqlRequestDecisionRows
    {
        private const string Read = "SELECT answer, state, reply_message, reply_attributes, claimed_by, claimed_utc FROM request_decision WHERE request_key = @key";

        // The settling write's first statement: the key's row is made or, when there, locked (a no-op update takes the row's
        // lock where rows are locked, and SQLite's write lock is the whole store's), so of two servers settling the same
        // request the second waits for the first to commit and then finds its answer.
        internal const string Hold =
            "INSERT INTO request_decision (request_key, claimed_by, claimed_utc, expires_utc) VALUES (@key, @me, @now, @expires) " +
            "ON CONFLICT (request_key) DO UPDATE SET claimed_by = request_decision.claimed_by " +
            "RETURNING answer, state, reply_message, reply_attributes, claimed_by, claimed_utc";

        // A claim: made, or taken over when it is this server's already (its own retransmission) or older than the lease
        // and unanswered (its server stopped). Never over an answer.
        private const string Claim =
            "INSERT INTO request_decision (request_key, claimed_by, claimed_utc, expires_utc) VALUES (@key, @me, @now, @expires) " +
            "ON CONFLICT (request_key) DO UPDATE SET claimed_by = @me, claimed_utc = @now, expires_utc = @expires " +
            "WHERE request_decision.answer IS NULL AND (request_decision.claimed_by = @me OR request_decision.claimed_utc <= @stale)";

        private const string Answer =
            "UPDATE request_decision SET answer = @answer, state = @state, reply_message = @message, reply_attributes = @attributes, expires_utc = @expires " +
            "WHERE request_key = @key";

        private const string PurgeExpired =
            "DELETE FROM request_decision WHERE request_key IN (SELECT request_key FROM request_decision WHERE expires_utc <= @now LIMIT @batch)";

        /// <summary>Holds the key for this write: what it held already (another server's answer, or a claim), or a claim made now.</summary>
        public static RequestDecision HoldForSettle(StoreSession session, DecidedRequest request)
        {
            using var reader = session.Query(Hold, HoldParameters(request));
            reader.Read();
            return ReadRow(reader);
        }

        internal static (string Name, object? Value)[] HoldParameters(DecidedRequest request) =>
            new (string, object?)[] { ("@key", request.Key), ("@me", request.ServerId), ("@now", StoreDatabase.Time(request.NowUtc)), ("@expires", StoreDatabase.Time(request.KeepUntilUtc)) };

        public static RequestDecision ClaimAndRead(StoreSession session, DecidedRequest request, TimeSpan lease)
        {
            var before = Find(session, request.Key);
            session.Execute(Claim, ("@key", request.Key), ("@me", request.ServerId), ("@now", StoreDatabase.Time(request.NowUtc)),
                ("@expires", StoreDatabase.Time(request.KeepUntilUtc)), ("@stale", StoreDatabase.Time(request.NowUtc - lease)));
            var after = Find(session, request.Key)!;
            if (before?.ClaimedBy is { } earlier && earlier != request.ServerId && after.IsClaimedBy(request.ServerId)) after.TakenOverFrom = earlier;
            return after;
        }

        /// <summary>Records the answer with the write's other statements (the key's row is held: it is there).</summary>
        public static void Record(StatementsTogether write, DecidedRequest request, RecordedAnswer answer) =>
            write.Add(Answer, ("@answer", Name(answer.Code)), ("@state", answer.State), ("@message", answer.ReplyMessage),
                ("@attributes", AttributeOctets.Encode(answer.Attributes)), ("@expires", StoreDatabase.Time(request.AnswerKeptUntilUtc())), ("@key", request.Key));

        public static RequestDecision? Find(StoreSession session, byte[] key)
        {
            using var reader = session.Query(Read, ("@key", key));
            return reader.Read() ? ReadRow(reader) : null;
        }

        public static int Purge(StoreSession session, DateTime nowUtc, int batch) =>
            session.Execute(PurgeExpired, ("@now", StoreDatabase.Time(nowUtc)), ("@batch", (long)batch));

        // An answer this version cannot read (another version's name for it, attributes that do not frame) is a Reject that
        // says so, never a fault: every retransmission of the request would fault the same way.
        internal static RequestDecision ReadRow(System.Data.Common.DbDataReader reader)
        {
            RecordedAnswer? answer = null;
            if (!reader.IsDBNull(0))
            {
                var name = reader.GetString(0);
                try
                {
                    answer = new RecordedAnswer(CodeOf(name), reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1),
                        StoreDatabase.ReadOptionalText(reader, 2), AttributeOctets.Decode(reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3)));
                }
                catch (Exception e) when (e is FormatException || e is InvalidCastException)
                {
                    answer = RecordedAnswer.UnreadableAsReject(e.Message);
                }
            }
            DateTime claimedUtc;
            try
            {
                claimedUtc = StoreDatabase.ReadTime(reader, 5);
            }
            catch (FormatException)
            {
                // Unreadable, so as old as can be: an unanswered claim is taken over after the lease, not waited on forever.
                claimedUtc = DateTime.MinValue;
            }
            return new RequestDecision(answer, StoreDatabase.ReadOptionalText(reader, 4), claimedUtc);
        }

        private static string Name(RadiusCode code) => code switch
        {
            RadiusCode.AccessAccept => "Accept",
            RadiusCode.AccessChallenge => "Challenge",
            _ => "Reject",
        };

        private static RadiusCode CodeOf(string answer) => answer switch
        {
            "Accept" => RadiusCode.AccessAccept,
            "Challenge" => RadiusCode.AccessChallenge,
            "Reject" => RadiusCode.AccessReject,
            _ => throw new FormatException($"an answer this version does not know ('{DisplayText.Escape(answer)}')"),
        };
    }
}
