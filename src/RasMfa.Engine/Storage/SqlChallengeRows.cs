using System;
using System.Collections.Generic;
using System.Data.Common;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// The challenge table: an open Access-Challenge per State, stored in the write that answers it and spent (deleted) in
    /// the write that settles its next round; read by every server sharing the store. SQL every dialect runs.
    /// </summary>
    internal static class SqlChallengeRows
    {
        private const string Columns = "client_name, user_id, user_name, requested_name, refusal, attempts, method_name, method_data, reply_attributes, expires_utc";

        private const string Insert =
            "INSERT INTO challenge (state, " + Columns + ", opened_by) VALUES " +
            "(@state, @client, @user_id, @user_name, @requested, @refusal, @attempts, @method, @method_data, @attributes, @expires, @opened_by)";

        private const string ByState = "SELECT " + Columns + " FROM challenge WHERE state = @state";

        private const string Spend = "DELETE FROM challenge WHERE state = @state";

        private const string OpenPerClient = "SELECT client_name, COUNT(*) FROM challenge WHERE expires_utc > @now GROUP BY client_name";

        private const string PurgeExpired = "DELETE FROM challenge WHERE state IN (SELECT state FROM challenge WHERE expires_utc <= @now LIMIT @batch)";

        /// <summary>Stores the challenge with the write's other statements (none reads its row count).</summary>
        public static void Open(StatementsTogether write, PendingChallenge challenge, string serverId) =>
            write.Add(Insert,
                ("@state", challenge.State), ("@client", challenge.ClientName), ("@user_id", challenge.UserId), ("@user_name", challenge.UserName),
                ("@requested", challenge.RequestedName), ("@refusal", challenge.Refusal), ("@attempts", (long)challenge.Attempts), ("@method", challenge.MethodName),
                ("@method_data", challenge.MethodData), ("@attributes", AttributeOctets.Encode(challenge.ReplyAttributes)),
                ("@expires", StoreDatabase.Time(challenge.ExpiresUtc)), ("@opened_by", serverId));

        /// <summary>Deletes the challenge; false when it was gone already (spent by another request, or purged).</summary>
        public static bool TrySpend(StoreSession session, byte[] state) => session.Execute(Spend, ("@state", state)) == 1;

        public static PendingChallenge? Find(StoreSession session, byte[] state)
        {
            using var reader = session.Command(ByState, ("@state", state)).ExecuteReader();
            if (!reader.Read()) return null;
            try
            {
                return new PendingChallenge((byte[])state.Clone(), reader.GetInt64(1), reader.GetString(2), reader.GetString(0), StoreDatabase.ReadTime(reader, 9),
                    (int)reader.GetInt64(5), StoreDatabase.ReadOptionalText(reader, 4))
                {
                    RequestedName = StoreDatabase.ReadOptionalText(reader, 3),
                    MethodName = StoreDatabase.ReadOptionalText(reader, 6),
                    MethodData = StoreDatabase.ReadOptionalText(reader, 7),
                    ReplyAttributes = AttributeOctets.Decode(reader.IsDBNull(8) ? null : (byte[])reader.GetValue(8)),
                };
            }
            catch (Exception e) when (e is FormatException || e is InvalidCastException || e is OverflowException)
            {
                throw new UnreadableRowException("challenge", e.Message, e);
            }
        }

        public static ChallengeCounts Count(StoreSession session, DateTime nowUtc)
        {
            var perClient = new Dictionary<string, int>();
            using var reader = session.Command(OpenPerClient, ("@now", StoreDatabase.Time(nowUtc))).ExecuteReader();
            while (reader.Read()) perClient[reader.GetString(0)] = (int)reader.GetInt64(1);
            return new ChallengeCounts(perClient);
        }

        public static int Purge(StoreSession session, DateTime nowUtc, int batch) =>
            session.Execute(PurgeExpired, ("@now", StoreDatabase.Time(nowUtc)), ("@batch", (long)batch));
    }
}
