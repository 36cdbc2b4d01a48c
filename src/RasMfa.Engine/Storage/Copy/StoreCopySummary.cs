using System;
using System.Collections.Generic;

namespace RasMfa.Engine.Storage.Copy
{
    /// <summary>What a finished copy carried: committed whole in the destination.</summary>
    public sealed class StoreCopySummary
    {
        public StoreCopySummary(string source, string destination, IReadOnlyList<StoreCopyTableCount> tables, long secretsResealed,
            IReadOnlyList<string> unreadableCopiedAsIs, bool destinationCleared, TimeSpan duration)
        {
            Source = source;
            Destination = destination;
            Tables = tables;
            SecretsResealed = secretsResealed;
            UnreadableCopiedAsIs = unreadableCopiedAsIs;
            DestinationCleared = destinationCleared;
            Duration = duration;
            long rows = 0;
            foreach (var table in tables) rows += table.Rows;
            Rows = rows;
        }

        public string Source { get; }

        public string Destination { get; }

        /// <summary>Rows copied, per table, in the order they were copied.</summary>
        public IReadOnlyList<StoreCopyTableCount> Tables { get; }

        public long Rows { get; }

        /// <summary>Secrets unsealed with the source's key and sealed with the destination's.</summary>
        public long SecretsResealed { get; }

        /// <summary>Records whose secret the source's key could not open, copied sealed as they were ("token 'ABC123'"): replace their secrets.</summary>
        public IReadOnlyList<string> UnreadableCopiedAsIs { get; }

        /// <summary>The destination held data, which the copy removed first.</summary>
        public bool DestinationCleared { get; }

        public TimeSpan Duration { get; }
    }
}
