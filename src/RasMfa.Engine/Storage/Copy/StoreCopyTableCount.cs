namespace RasMfa.Engine.Storage.Copy
{
    /// <summary>How many rows one table of a store holds (or a copy carried).</summary>
    public sealed class StoreCopyTableCount
    {
        public StoreCopyTableCount(string table, long rows)
        {
            Table = table;
            Rows = rows;
        }

        public string Table { get; }

        public long Rows { get; }

        public override string ToString() => $"{Table}: {Rows}";
    }
}
