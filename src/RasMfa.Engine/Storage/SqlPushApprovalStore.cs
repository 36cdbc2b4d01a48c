using System;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using RasMfa.Engine.Push;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// The push_approval table: one row per approval, found by its token's hash; deciding is one conditional update
    /// (pending and unexpired -> decided), so two pages on two servers cannot both decide. Not part of the change version:
    /// listeners read rows afresh, they do not cache them.
    /// </summary>
    internal sealed class SqlPushApprovalStore : IPushApprovalStore
    {
        private const string Columns = "id, token_hash, user_name, client_name, source_address, calling_station_id, number, choices, created_utc, expires_utc, decision, decided_utc";

        private const string PurgeExpiredSql = "DELETE FROM push_approval WHERE id IN (SELECT id FROM push_approval WHERE expires_utc <= @now LIMIT @batch)";

        private readonly StoreDatabase _database;

        public SqlPushApprovalStore(StoreDatabase database) => _database = database;

        public void Add(PushApproval approval) => Insert(approval, null);

        public bool TryAdd(PushApproval approval, int maxPendingPerUser) => Insert(approval, maxPendingPerUser);

        // One statement: the count of the user's pending approvals and the insert it guards are not two steps that first
        // rounds arriving together (on one server or several) could interleave. SQLite takes its write lock for the
        // statement; PostgreSQL's transaction takes the administrative lock first (InTransaction), which serializes it.
        private bool Insert(PushApproval approval, int? maxPendingPerUser)
        {
            string guard = maxPendingPerUser == null ? ""
                : " WHERE (SELECT COUNT(*) FROM push_approval WHERE user_name = @user AND decision = @decision AND expires_utc > @created) < @max";
            return _database.InTransaction((connection, transaction) =>
            {
                using var command = StoreDatabase.Command(connection, transaction,
                    $"INSERT INTO push_approval ({Columns}) SELECT @id, @hash, @user, @client, @source, @station, @number, @choices, @created, @expires, @decision, NULL{guard}",
                    ("@id", approval.Id), ("@hash", approval.TokenHash), ("@user", approval.UserName), ("@client", approval.ClientName),
                    ("@source", approval.SourceAddress), ("@station", approval.CallingStationId), ("@number", (long)approval.Number),
                    ("@choices", string.Join(",", approval.Choices.Select(c => c.ToString(CultureInfo.InvariantCulture)))),
                    ("@created", StoreDatabase.Time(approval.CreatedUtc)), ("@expires", StoreDatabase.Time(approval.ExpiresUtc)),
                    ("@decision", PushDecision.Pending.ToString()), ("@max", (long)(maxPendingPerUser ?? 0)));
                return command.ExecuteNonQuery() == 1;
            }, bumpVersion: false);
        }

        public PushApproval? FindByToken(byte[] tokenHash) =>
            _database.Query($"SELECT {Columns} FROM push_approval WHERE token_hash = @hash", Read, ("@hash", tokenHash)).FirstOrDefault();

        public PushApproval? Get(string id) =>
            _database.Query($"SELECT {Columns} FROM push_approval WHERE id = @id", Read, ("@id", id)).FirstOrDefault();

        public bool TryDecide(byte[] tokenHash, PushDecision decision, DateTime nowUtc)
        {
            if (decision == PushDecision.Pending) throw new ArgumentOutOfRangeException(nameof(decision));
            return _database.InTransaction((connection, transaction) =>
            {
                using var command = StoreDatabase.Command(connection, transaction,
                    "UPDATE push_approval SET decision = @decision, decided_utc = @now WHERE token_hash = @hash AND decision = @pending AND expires_utc > @now",
                    ("@decision", decision.ToString()), ("@now", StoreDatabase.Time(nowUtc)), ("@hash", tokenHash), ("@pending", PushDecision.Pending.ToString()));
                return command.ExecuteNonQuery() == 1;
            }, bumpVersion: false);
        }

        public int CountPending(string userName, DateTime nowUtc) =>
            _database.Query("SELECT COUNT(*) FROM push_approval WHERE user_name = @user AND decision = @pending AND expires_utc > @now",
                reader => (int)reader.GetInt64(0), ("@user", userName), ("@pending", PushDecision.Pending.ToString()), ("@now", StoreDatabase.Time(nowUtc))).Single();

        public int PurgeExpired(DateTime nowUtc, int batch) =>
            _database.InTransaction((connection, transaction) =>
            {
                using var command = StoreDatabase.Command(connection, transaction, PurgeExpiredSql, ("@now", StoreDatabase.Time(nowUtc)), ("@batch", (long)batch));
                return command.ExecuteNonQuery();
            }, bumpVersion: false);

        /// <summary>The expired challenges' purge (one write of the login path's) takes expired approvals with it.</summary>
        internal static int Purge(StoreSession session, DateTime nowUtc, int batch) =>
            session.Command(PurgeExpiredSql, ("@now", StoreDatabase.Time(nowUtc)), ("@batch", (long)batch)).ExecuteNonQuery();

        private static PushApproval Read(DbDataReader reader)
        {
            try
            {
                var choices = reader.GetString(7).Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
                return new PushApproval(reader.GetString(0), (byte[])reader.GetValue(1), reader.GetString(2), reader.GetString(3), (int)reader.GetInt64(6), choices,
                    StoreDatabase.ReadTime(reader, 8), StoreDatabase.ReadTime(reader, 9))
                {
                    SourceAddress = StoreDatabase.ReadOptionalText(reader, 4),
                    CallingStationId = StoreDatabase.ReadOptionalText(reader, 5),
                    Decision = (PushDecision)Enum.Parse(typeof(PushDecision), reader.GetString(10)),
                    DecidedUtc = StoreDatabase.ReadOptionalTime(reader, 11),
                };
            }
            catch (Exception e) when (e is FormatException || e is InvalidCastException || e is OverflowException || e is ArgumentException)
            {
                throw new Mfa.UnreadableRowException("push_approval", e.Message, e);
            }
        }
    }
}
