using System.Collections.Generic;
using RasMfa.Engine.Storage.Copy;

namespace RasMfa.Engine.Storage.Export
{
    /// <summary>
    /// Which tables a configuration file carries: those a store copy carries (<see cref="StoreCopyTables.Copied"/>, in its
    /// order, parents first), the audit log only when asked; and those it leaves out on purpose, for the reasons a copy
    /// does (each store's own key check, escrow and change version; challenges and kept answers that live for minutes).
    /// A table added to the schema is placed in StoreCopyTables, and so here (ConfigurationExportTablesTests checks it).
    /// </summary>
    internal static class ConfigurationExportTables
    {
        public const string AuditLog = "authentication_log";

        public static IReadOnlyList<string> Exported(bool includeAuditLog)
        {
            var tables = new List<string>();
            foreach (var table in StoreCopyTables.Copied)
                if (includeAuditLog || table != AuditLog) tables.Add(table);
            return tables;
        }

        /// <summary>Never in a file: each store's own, and the transient.</summary>
        public static IReadOnlyList<string> LeftOut
        {
            get
            {
                var tables = new List<string>(StoreCopyTables.StoresOwn);
                tables.AddRange(StoreCopyTables.Transient);
                return tables;
            }
        }

        public static bool IsExportable(string table)
        {
            foreach (var name in StoreCopyTables.Copied) if (name == table) return true;
            return false;
        }
    }
}
