using System;
using System.IO;
using System.Net.Sockets;
using Npgsql;

namespace RasMfa.Engine.Storage.PostgreSql
{
    /// <summary>What a PostgreSQL failure means for the store, by its SQLSTATE (or, without one, by Npgsql's own failure).</summary>
    internal static class PostgreSqlErrors
    {
        public const string UnreachableErrorId = "StoreUnreachable";
        public const string AccessDeniedErrorId = "StoreAccessDenied";

        /// <summary>The SQLSTATE of <paramref name="error"/> or of the PostgreSQL error inside it; null when the server said nothing.</summary>
        public static string? SqlState(Exception? error)
        {
            for (var e = error; e != null; e = e.InnerException)
                if (e is PostgresException postgres) return postgres.SqlState;
            return null;
        }

        /// <summary>23505 unique, 23503 foreign key, 23502 not null, 23514 check: the caller's data.</summary>
        public static bool IsConstraintViolation(Exception error) => SqlState(error) is string state && state.StartsWith("23", StringComparison.Ordinal);

        /// <summary>40P01 deadlock, 40001 serialization failure: the transaction was undone and may simply run again.</summary>
        public static bool IsConflict(Exception error) => SqlState(error) is "40P01" or "40001";

        /// <summary>55P03 lock not available (lock_timeout), 57014 query cancelled (statement_timeout or the client's timeout).</summary>
        public static bool IsTimeout(Exception error) =>
            SqlState(error) is "55P03" or "57014" || (SqlState(error) == null && Has<TimeoutException>(error));

        /// <summary>
        /// The server could not be reached or went away: class 08 (connection exception), 57P01-57P03 (shut down, crashed,
        /// not yet accepting), 53300 (too many connections), or a failure below SQL (a socket refused, a stream broken).
        /// </summary>
        public static bool IsConnectionLoss(Exception error)
        {
            var state = SqlState(error);
            if (state != null)
                return state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03" or "53300";
            return !Has<TimeoutException>(error) && (error is NpgsqlException || Has<SocketException>(error) || Has<IOException>(error));
        }

        /// <summary>28000 / 28P01: the server refused the account or its password.</summary>
        public static bool IsAccessDenied(Exception error) => SqlState(error) is string state && state.StartsWith("28", StringComparison.Ordinal);

        /// <summary>The name of the constraint a violation broke, else the message.</summary>
        public static string ViolatedConstraint(Exception error)
        {
            for (var e = error; e != null; e = e.InnerException)
                if (e is PostgresException postgres && !string.IsNullOrEmpty(postgres.ConstraintName)) return postgres.ConstraintName!;
            return error.Message;
        }

        /// <summary>The store could not be reached: StoreUnreachable (or StoreAccessDenied), with the server's words and none of the password.</summary>
        public static StoreException Unreachable(string location, Exception error) => IsAccessDenied(error)
            ? new StoreException(StoreErrorKind.AccessDenied, AccessDeniedErrorId, $"The PostgreSQL server at {location} refused the store's account: {error.Message}", error)
            : new StoreException(StoreErrorKind.Unavailable, UnreachableErrorId, $"The PostgreSQL store at {location} cannot be reached: {error.Message}", error);

        /// <summary>25P03: the server ended the session, left idle in its transaction past idle_in_transaction_session_timeout.</summary>
        public static bool IsIdleSessionEnded(Exception error) => SqlState(error) == "25P03";

        /// <summary>
        /// Any failure of an administrative path as a StoreException with its id: unreachable or refused (as at the open),
        /// StoreBusy (a lock or statement waited past its bound), StoreConflict (a deadlock with another server's write),
        /// StoreSessionEnded (idle in its transaction too long), StoreConstraintViolated (naming the rule), else StoreFailed
        /// with the SQLSTATE.
        /// </summary>
        public static StoreException Explain(Exception error, string location)
        {
            if (IsIdleSessionEnded(error))
                return new StoreException(StoreErrorKind.Unavailable, StoreFailures.SessionEndedErrorId,
                    $"The PostgreSQL server at {location} ended this session: it sat idle in its transaction past idle_in_transaction_session_timeout " +
                    "(the process paused, or waited on something else). Nothing of it was written; run the command again.", error);
            // A timeout the server did not report (a connection never made, a cancel that never arrived) is the server out of reach.
            if (IsAccessDenied(error) || IsConnectionLoss(error) || (IsTimeout(error) && SqlState(error) == null)) return Unreachable(location, error);
            if (IsTimeout(error))
                return new StoreException(StoreErrorKind.Unavailable, AdministrativeLock.BusyErrorId,
                    $"The PostgreSQL store at {location} did not finish the operation in time (a lock held elsewhere, or the statement's time limit): {error.Message}. Nothing was written; try again.", error);
            if (IsConflict(error))
                return new StoreException(StoreErrorKind.Conflict, StoreFailures.ConflictErrorId,
                    $"The PostgreSQL store at {location} undid the change: it crossed another server's write ({error.Message}). Nothing was written; try again.", error);
            if (IsConstraintViolation(error)) return StoreFailures.ConstraintViolated(location, ViolatedConstraint(error), error);
            var state = SqlState(error);
            return StoreFailures.Failed(location, state == null ? error.Message : $"{error.Message} (SQLSTATE {state})", error);
        }

        private static bool Has<T>(Exception error) where T : Exception
        {
            for (var e = error; e != null; e = e.InnerException)
                if (e is T) return true;
            return false;
        }
    }
}
