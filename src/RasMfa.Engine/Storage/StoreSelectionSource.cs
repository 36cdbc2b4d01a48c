namespace RasMfa.Engine.Storage
{
    /// <summary>Where the choice of the store came from, in the order they win.</summary>
    public enum StoreSelectionSource
    {
        /// <summary>RASMFA_DATABASE, set in this process: a SQLite file.</summary>
        Environment,

        /// <summary>The machine-wide setting (store.json), read by every session and the service.</summary>
        MachineSetting,

        /// <summary>Neither: the built-in SQLite path.</summary>
        Default,
    }
}
