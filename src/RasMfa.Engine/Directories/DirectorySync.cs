using System;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Directories
{
    /// <summary>What an import or a sync from a directory did.</summary>
    public sealed class DirectorySyncResult
    {
        public string Directory { get; set; } = "";
        public int Created { get; set; }
        public int Updated { get; set; }
        public int Unchanged { get; set; }
        public int Disabled { get; set; }
        public int Removed { get; set; }

        /// <summary>Users of this directory who are gone from it.</summary>
        public IReadOnlyList<string> Missing { get; set; } = new string[0];

        /// <summary>True when more users were missing than the threshold and nothing was disabled or removed (use -Force).</summary>
        public bool HeldBack { get; set; }
    }

    /// <summary>
    /// Brings users from a directory into the store, and (for a sync) disables or removes the users of that directory
    /// who are gone from it. Like Azure MFA Server, a sync that would disable or remove more than a threshold of users
    /// is held back unless forced: an emptied group or a wrong search base must not lock out an office.
    /// </summary>
    public static class DirectorySync
    {
        public const int DefaultThreshold = 5;

        /// <summary>An import (<paramref name="importScope"/> given) adds that scope to the directory's sync scopes; a sync reads them all.</summary>
        public static DirectorySyncResult Run(IDirectoryStore directories, IUserStore users, DirectoryDefinition directory, DirectoryScope? importScope, bool removeMissing, bool force,
            int threshold = DefaultThreshold)
        {
            bool sync = importScope == null;
            if (importScope != null && !directory.SyncScopes.Any(s => s.SameAs(importScope))) directory.SyncScopes.Add(importScope);
            var scopes = importScope != null ? new List<DirectoryScope> { importScope } : directory.SyncScopes;
            if (scopes.Count == 0) scopes = new List<DirectoryScope> { new DirectoryScope() };
            // A user in two scopes is one row: the last scope read wins, with the same values.
            var rows = scopes.SelectMany(scope => DirectoryUserSource.Read(directory, scope))
                .GroupBy(r => r.UserName!.Trim(), UserNameKey.Comparer).Select(g => g.Last()).ToList();
            var result = new DirectorySyncResult { Directory = directory.Name };
            Write(users, rows, result);
            if (sync)
            {
                var present = new HashSet<string>(rows.Select(r => r.UserName!.Trim()), UserNameKey.Comparer);
                SettleMissing(users, directory.Name, present, removeMissing, force, threshold, result);
                directory.LastSyncUtc = DateTime.UtcNow;
            }
            directories.Update(directory.Name, directory);
            return result;
        }

        /// <summary>Writes <paramref name="rows"/> and counts them in <paramref name="result"/>; a row the store refused is told to <paramref name="notWritten"/>.</summary>
        public static void Write(IUserStore users, IReadOnlyList<UserImportRow> rows, DirectorySyncResult result, Action<UserImportOutcome>? notWritten = null)
        {
            foreach (var outcome in UserImport.Apply(users, rows))
            {
                switch (outcome.Status)
                {
                    case UserImportStatus.Created: result.Created++; break;
                    case UserImportStatus.Updated: result.Updated++; break;
                    case UserImportStatus.Unchanged: result.Unchanged++; break;
                    default: notWritten?.Invoke(outcome); break;
                }
            }
        }

        /// <summary>
        /// Disables (or removes) the users that came from <paramref name="source"/> and are not in <paramref name="present"/>;
        /// past <paramref name="threshold"/> of them, none unless <paramref name="force"/> (the result says HeldBack). The one
        /// guard every directory and tenant sync goes through.
        /// </summary>
        public static void SettleMissing(IUserStore users, string source, ISet<string> present, bool removeMissing, bool force, int threshold, DirectorySyncResult result)
        {
            var missing = users.List()
                .Where(u => string.Equals(u.SourceDirectory, source, StringComparison.OrdinalIgnoreCase) && !present.Contains(u.UserName))
                .Where(u => removeMissing || u.Enabled)
                .ToList();
            result.Missing = missing.Select(u => u.UserName).ToList();
            result.HeldBack = missing.Count > threshold && !force;
            if (result.HeldBack) return;
            foreach (var user in missing)
            {
                if (removeMissing)
                {
                    users.Remove(user.UserName);
                    result.Removed++;
                }
                else
                {
                    user.Enabled = false;
                    users.Update(user);
                    result.Disabled++;
                }
            }
        }
    }
}
