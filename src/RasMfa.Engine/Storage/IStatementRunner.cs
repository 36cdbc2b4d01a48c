using System.Data.Common;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// Runs a session's statements some other way than through the provider's commands (the SQLite writer: on SQLite's own
    /// API, each text prepared once per connection). The texts and their parameters are the ones every dialect runs: only
    /// the execution differs. Runs in the session's transaction; not thread-safe, as the session is not.
    /// </summary>
    internal interface IStatementRunner
    {
        /// <summary>Runs <paramref name="sql"/>; the rows it inserted, changed or deleted (-1 for a statement that changes nothing).</summary>
        int Execute(string sql, (string Name, object? Value)[] parameters);

        /// <summary>Runs <paramref name="sql"/> and reads its rows: dispose the reader before the same text runs again.</summary>
        DbDataReader Query(string sql, (string Name, object? Value)[] parameters);
    }
}
