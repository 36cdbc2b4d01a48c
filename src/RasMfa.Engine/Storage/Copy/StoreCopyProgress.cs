namespace RasMfa.Engine.Storage.Copy
{
    /// <summary>Where a copy is: reported after each batch of rows and at the end of each table.</summary>
    public sealed class StoreCopyProgress
    {
        public StoreCopyProgress(string table, int tableNumber, int tableCount, long tableRowsDone, long tableRowsTotal, long rowsDone, long rowsTotal)
        {
            Table = table;
            TableNumber = tableNumber;
            TableCount = tableCount;
            TableRowsDone = tableRowsDone;
            TableRowsTotal = tableRowsTotal;
            RowsDone = rowsDone;
            RowsTotal = rowsTotal;
        }

        public string Table { get; }

        /// <summary>1 for the first table copied.</summary>
        public int TableNumber { get; }

        public int TableCount { get; }

        public long TableRowsDone { get; }

        public long TableRowsTotal { get; }

        /// <summary>Rows of every table copied so far.</summary>
        public long RowsDone { get; }

        public long RowsTotal { get; }

        /// <summary>0 to 100, over every table's rows.</summary>
        public int Percent => RowsTotal == 0 ? 100 : (int)(RowsDone * 100 / RowsTotal);
    }
}
