using System;
using System.Collections.Generic;
using System.Linq;

namespace RasMfa.Engine.Users
{
    /// <summary>One row to import: null fields leave an existing user's value alone.</summary>
    public sealed class UserImportRow
    {
        public string? UserName { get; set; }
        public string? DisplayName { get; set; }
        public string? Email { get; set; }
        public string? PhoneNumber { get; set; }
        public bool? Enabled { get; set; }

        /// <summary>The directory the user comes from; Sync-RasMfaUser only ever disables or removes users of its directory.</summary>
        public string? SourceDirectory { get; set; }

        /// <summary>Which stored user the row may write: any (the default), or only its own source's (Entra rows).</summary>
        public UserRowClaim Claim { get; set; }

        /// <summary>Where the row came from (a CSV line number), for error messages.</summary>
        public int? Line { get; set; }
    }

    public enum UserImportStatus
    {
        Created,
        Updated,
        Unchanged,
        Failed,
    }

    public sealed class UserImportOutcome
    {
        public UserImportOutcome(UserImportRow row, UserImportStatus status, string? error = null)
        {
            Row = row;
            Status = status;
            Error = error;
        }

        public UserImportRow Row { get; }
        public UserImportStatus Status { get; }
        public string? Error { get; }
    }

    /// <summary>Counts of an import, as Import-RasMfaUser reports them at the end.</summary>
    public sealed class UserImportSummary
    {
        public int Created { get; set; }
        public int Updated { get; set; }
        public int Unchanged { get; set; }
        public int Failed { get; set; }
        public int Total => Created + Updated + Unchanged + Failed;

        public void Count(UserImportOutcome outcome)
        {
            switch (outcome.Status)
            {
                case UserImportStatus.Created: Created++; break;
                case UserImportStatus.Updated: Updated++; break;
                case UserImportStatus.Unchanged: Unchanged++; break;
                default: Failed++; break;
            }
        }
    }

    /// <summary>
    /// Creates or updates users in batches (one transaction each, so 100,000 rows take seconds, not an fsync per row).
    /// A bad row is refused before it reaches the store; each row is one statement, so none is ever half written.
    /// </summary>
    public static class UserImport
    {
        public static IReadOnlyList<UserImportOutcome> Apply(IUserStore store, IReadOnlyList<UserImportRow> rows)
        {
            var outcomes = new UserImportOutcome?[rows.Count];
            var valid = new List<(int Index, UserImportRow Row)>();
            // One person however written: 'ŁUKASZ' and 'łukasz' in one import are a conflict, not two users.
            var seen = new Dictionary<string, string>(UserNameKey.Comparer);
            for (int i = 0; i < rows.Count; i++)
            {
                var problem = UserNameRules.Reject(rows[i].UserName) ?? UserFields.Problem(rows[i]);
                var name = rows[i].UserName?.Trim();
                if (problem == null && seen.TryGetValue(name!, out var first))
                    problem = first == name ? $"'{name}' appears twice in the same import." : $"'{name}' and '{first}' are one person (names match without case, width or accents), named twice in the same import.";
                else if (problem == null) seen.Add(name!, name!);
                if (problem != null) outcomes[i] = new UserImportOutcome(rows[i], UserImportStatus.Failed, problem);
                else valid.Add((i, rows[i]));
            }
            var statuses = store.Upsert(valid.Select(v => v.Row).ToList());
            for (int k = 0; k < valid.Count; k++)
            {
                var error = statuses[k] == UserImportStatus.Failed ? Refusal(store, valid[k].Row) : null;
                outcomes[valid[k].Index] = new UserImportOutcome(valid[k].Row, statuses[k], error);
            }
            return outcomes!;
        }

        private static string Refusal(IUserStore store, UserImportRow row)
        {
            var name = row.UserName!.Trim();
            if (row.Claim != UserRowClaim.Any)
            {
                var stored = store.Get(name);
                if (stored == null && row.Claim == UserRowClaim.SameUserOfSource)
                    return $"'{name}' of '{row.SourceDirectory}' is no longer stored; it was not created from '{row.SourceDirectory}'s user in another source.";
                if (stored != null && !string.Equals(stored.SourceDirectory, row.SourceDirectory, StringComparison.OrdinalIgnoreCase))
                    return $"'{name}' is {SourceOf(stored.SourceDirectory)}, not of '{row.SourceDirectory}': it is not written over. " +
                        "If they are one person, remove one of them, or give one another name.";
            }
            // Otherwise the store fails a row only when its name matches several stored users (who predate the name key) and none exactly.
            return $"'{name}' names several users; give the exact name of one of them.";
        }

        private static string SourceOf(string? source) => source == null ? "a user made by hand (no source)" : $"a user of '{source}'";
    }
}
