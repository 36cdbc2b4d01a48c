namespace RasMfa.Engine.Storage
{
    /// <summary>Which database holds the store.</summary>
    public enum StoreKind
    {
        /// <summary>One SQLite file, shared by the sessions and the service of one machine.</summary>
        Sqlite,

        /// <summary>A PostgreSQL database, shared by several servers.</summary>
        PostgreSql,
    }
}
