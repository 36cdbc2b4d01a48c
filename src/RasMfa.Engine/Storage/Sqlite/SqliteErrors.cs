using System;
using Microsoft.Data.Sqlite;

namespace RasMfa.Engine.Storage.Sqlite
{
    /// <summary>What a SQLite failure on an administrative path means, by its result code.</summary>
    internal static class SqliteErrors
    {
        private const int BusyError = 5, LockedError = 6, ConstraintError = 19;

        public static StoreException Explain(Exception error, string location)
        {
            if (!(error is SqliteException sqlite)) return StoreFailures.Failed(location, error.Message, error);
            switch (sqlite.SqliteErrorCode)
            {
                case BusyError:
                case LockedError:
                    return new StoreException(StoreErrorKind.Unavailable, AdministrativeBusyErrorId,
                        $"The store at {location} is busy: another process held its write lock past the wait. Nothing was written; try again.", error);
                case ConstraintError:
                    return StoreFailures.ConstraintViolated(location, sqlite.Message, error);
                default:
                    return StoreFailures.Failed(location, sqlite.Message, error);
            }
        }

        // The same id as PostgreSQL's administrative lock gives: a script catches one name for "try again later".
        private const string AdministrativeBusyErrorId = "StoreBusy";
    }
}
