using System;
using System.Collections.Generic;
using RasMfa.Engine.BypassCodes;

namespace RasMfa.Engine.Storage
{
    /// <summary>The login path's bypass code statements: the user's codes read with their keys, and one use taken in the login's write.</summary>
    internal static class SqlBypassCodeRows
    {
        /// <summary>How many codes with uses left a user holds, as a column of the login's one read (u: the user's row).</summary>
        public const string HeldColumn = "(SELECT COUNT(*) FROM bypass_code b WHERE b.user_id = u.id AND b.uses_left > 0)";

        /// <summary>The user's codes with uses left, their hash keys unsealed (expiry is the method's to judge, by the login's clock).</summary>
        public static IReadOnlyList<HeldBypassCode> Read(StoreSession session, StoreDatabase database, long userId)
        {
            var codes = new List<HeldBypassCode>();
            using var reader = session.Command(
                "SELECT id, hash_key, hash, uses_left, expires_utc FROM bypass_code WHERE user_id = @user AND uses_left > 0 ORDER BY id", ("@user", userId)).ExecuteReader();
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                codes.Add(new HeldBypassCode(id, database.Unprotect((byte[])reader.GetValue(1), $"bypass code {id}"), (byte[])reader.GetValue(2),
                    (int)reader.GetInt64(3), StoreDatabase.ReadTime(reader, 4)));
            }
            return codes;
        }

        /// <summary>
        /// Takes one use of the code, if it is still the user's, has a use left and has not expired: false otherwise (used up
        /// meanwhile, by another server too: the row's update waits for the other's and then finds no use left).
        /// </summary>
        public static bool UseOne(StoreSession session, long codeId, long userId, DateTime nowUtc) =>
            session.Command(
                "UPDATE bypass_code SET uses_left = uses_left - 1 WHERE id = @id AND user_id = @user AND uses_left > 0 AND expires_utc > @now",
                ("@id", codeId), ("@user", userId), ("@now", StoreDatabase.Time(nowUtc))).ExecuteNonQuery() == 1;
    }
}
