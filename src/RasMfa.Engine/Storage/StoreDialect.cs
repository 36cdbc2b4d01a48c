using System;
using System.Data.Common;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// What differs between the databases a store can live in. The noun stores speak System.Data.Common and the SQL every
    /// dialect runs (@name parameters, ON CONFLICT, RETURNING, ISO-8601 text times, 64-bit integers); the rest is asked here.
    /// </summary>
    internal abstract class StoreDialect
    {
        /// <summary>Where the store is, as an admin is shown it.</summary>
        public abstract string Location { get; }

        /// <summary>An open connection, from the provider's pool.</summary>
        public abstract DbConnection Open();

        /// <summary>Brings the schema up to date; refuses one newer than this RasMfa knows (StoreSchemaTooNew).</summary>
        public abstract void ApplySchema(DbConnection connection);

        /// <summary>A statement broke a constraint (unique, foreign key, not null, check): the caller's data, not a fault of the store.</summary>
        public abstract bool IsConstraintViolation(DbException error);

        /// <summary>A constraint violation that is a row pointing at one no longer there (a foreign key): removed meanwhile, not a duplicate.</summary>
        public abstract bool IsMissingReference(DbException error);

        /// <summary>A lock was not free within the bound the statement had: the write was not made, and may be tried later.</summary>
        public abstract bool IsBusy(Exception error);

        /// <summary>Nothing of the failed transaction is kept and the same work may succeed if run again (a lock, a conflict, a lost connection).</summary>
        public abstract bool IsTransient(Exception error);

        /// <summary>
        /// A connection failed as <see cref="IsTransient"/> says: the provider's idle pooled connections may be as broken (the
        /// server restarted), and are dropped, so that the next open makes a new one (SQLite keeps none that could break).
        /// </summary>
        public virtual void ForgetIdleConnections()
        {
        }

        /// <summary>
        /// Before a process's first login read and then now and again (SqlLoginReader says how often), on that read's connection:
        /// where the database plans by statistics (PostgreSQL), the login read's tables get them if they have changed much since
        /// they were gathered (users just imported).
        /// </summary>
        public virtual void PrepareLoginReads(DbConnection connection)
        {
        }

        /// <summary>SQL for the greater of two integer expressions.</summary>
        public abstract string Greatest(string first, string second);

        /// <summary>Appended to a read that a write in the same transaction depends on, so that no other transaction changes the rows read before it commits.</summary>
        public abstract string LockForWrite { get; }

        /// <summary>SQL comparing a name column declared to match without ASCII case (the primary names of clients, directories, upstream servers, users, token serials) with a parameter.</summary>
        public abstract string NameEquals(string column, string parameter);

        /// <summary>SQL matching a column against a LIKE pattern (escaped with '\') without ASCII case.</summary>
        public abstract string LikeIgnoringCase(string column, string pattern);

        /// <summary>SQL folding an expression's ASCII case, as the name columns compare (SQLite's NOCASE folds ASCII only).</summary>
        public abstract string CaseFolded(string expression);

        /// <summary>A name column (or an expression compared with one) as the name index orders it, for a range of that index.</summary>
        public virtual string AsIndexedName(string expression) => expression;

        /// <summary>An ORDER BY term sorting a name column as it compares: without ASCII case.</summary>
        public virtual string SortedByName(string column) => column;

        /// <summary>What a constraint violation names (the constraint, or the message that names it), for telling one duplicate from another.</summary>
        public abstract string ViolatedConstraint(DbException error);

        /// <summary>
        /// True when a failed statement spoils its whole transaction (PostgreSQL), so that a statement whose failure the caller
        /// survives must run in a savepoint of its own; false when only the statement is undone (SQLite).
        /// </summary>
        public virtual bool FailedStatementSpoilsTransaction => false;

        /// <summary>
        /// True when several statements sent as one command save round trips to a database server (PostgreSQL); false where
        /// each statement is a call into the process (SQLite): <see cref="StatementsTogether"/> runs them one by one there.
        /// </summary>
        public virtual bool SendsStatementsTogether => false;

        /// <summary>
        /// Called first in an administrative write's transaction (cmdlets, not the login path): PostgreSQL serializes them
        /// across servers as SQLite's one write lock does, so that a check and the write it guards see the same data.
        /// </summary>
        public virtual void BeginAdministrativeWrite(DbConnection connection, DbTransaction transaction)
        {
        }

        /// <summary>
        /// The query that reads the database server's clock (UTC), or null where the store has no clock apart from this
        /// machine's (SQLite: every server on the file runs on this machine). Servers that share a store time what they
        /// write there by its clock (<c>Hosting/StoreClock</c>).
        /// </summary>
        public virtual string? ClockQuery => null;

        /// <summary>How many schema steps the database has run (a copy refuses stores of different versions).</summary>
        public abstract long SchemaVersion(DbConnection connection);

        /// <summary>The schema version this RasMfa makes.</summary>
        public abstract long LatestSchemaVersion { get; }

        /// <summary>
        /// A transaction that reads one consistent view of the whole database while listeners go on writing, and writes
        /// nothing (a copy's source).
        /// </summary>
        public abstract DbTransaction BeginSnapshot(DbConnection connection);

        /// <summary>Written between an INSERT's column list and its VALUES when the rows keep the ids they had in another store.</summary>
        public abstract string KeepingIds { get; }

        /// <summary>After rows were written with the ids they had in another store: ids made from now on come after every id in the table.</summary>
        public abstract void ContinueIdsAfterRows(DbConnection connection, DbTransaction transaction, string table, string idColumn);

        /// <summary>How the login path's writes run (SQLite: group commit on one writer thread).</summary>
        public abstract ILoginWriteQueue CreateLoginWriteQueue(StoreDatabase database);
    }
}
