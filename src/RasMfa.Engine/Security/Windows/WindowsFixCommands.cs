using System;
using System.Collections.Generic;
using System.Linq;

namespace RasMfa.Engine.Security.Windows
{
    /// <summary>
    /// The commands, for an elevated PowerShell, that make a refused store folder private: Administrators take
    /// ownership of the folder and of each of the store's files, the folder keeps only its own entries, other
    /// accounts' entries go, and each file takes the folder's entries again. Each command names one path and none
    /// recurses (takeown /R and icacls /T would follow a link planted inside). A folder someone else owns is not
    /// taken over at all: it is renamed aside, and RasMfa creates a new one.
    /// </summary>
    internal static class WindowsFixCommands
    {
        /// <param name="files">The store's files that exist (database, SQLite's side files, entropy file), full paths.</param>
        /// <returns>No commands when the folder is a drive's root: that must not be locked down; the store needs a folder of its own.</returns>
        public static IReadOnlyList<string> For(string folder, IReadOnlyList<string> files, IReadOnlyList<AccessProblem> problems, IReadOnlyList<string> fullControlSids)
        {
            folder = folder.TrimEnd('\\', '/');
            if (IsVolumeRoot(folder)) return Array.Empty<string>();
            if (AccessProblem.FolderHasUntrustedOwner(problems))
                return new[] { $"Rename-Item -LiteralPath {Quote(folder)} -NewName {Quote(LastSegment(folder) + ".untrusted")}" };
            // Always: files owned by one admin would be refused when another account (the service) opens the store.
            var commands = new List<string> { $"takeown /F {Quote(folder)} /A" };
            commands.AddRange(files.Select(file => $"takeown /F {Quote(file)} /A"));
            commands.Add($"icacls {Quote(folder)} /inheritance:r /grant:r " + string.Join(" ", fullControlSids.Select(sid => Quote($"*{sid}:(OI)(CI)F"))));
            var explicitOthers = ExplicitOnFolder(problems, p => p.Kind == AccessProblemKind.OthersMayRead || p.Kind == AccessProblemKind.OthersMayWrite);
            if (explicitOthers.Count > 0)
                commands.Add($"icacls {Quote(folder)} /remove:g " + string.Join(" ", explicitOthers.Select(sid => Quote("*" + sid))));
            // Entries of a kind RasMfa does not judge: every entry of their SID goes (an inherited one goes with /inheritance:r).
            var unknown = ExplicitOnFolder(problems, p => p.Kind == AccessProblemKind.UnknownEntry);
            if (unknown.Count > 0)
                commands.Add($"icacls {Quote(folder)} /remove " + string.Join(" ", unknown.Select(sid => Quote("*" + sid))));
            commands.AddRange(files.Select(file => $"icacls {Quote(file)} /reset"));
            return commands;
        }

        private static List<string> ExplicitOnFolder(IReadOnlyList<AccessProblem> problems, Func<AccessProblem, bool> kind) => problems
            .Where(p => p.Item == StoreItem.Folder && kind(p) && !p.Inherited && p.Principal != null)
            .Select(p => p.Principal!.ToUpperInvariant())
            .Distinct()
            .ToList();

        private static string LastSegment(string folder) => folder.Substring(folder.LastIndexOfAny(new[] { '\\', '/' }) + 1);

        // Windows paths parsed by hand: this runs in tests on Linux, where Path knows no drive letters.
        private static bool IsVolumeRoot(string folder)
        {
            if (folder.Length == 0 || (folder.Length == 2 && folder[1] == ':')) return true;
            if (!folder.StartsWith(@"\\", StringComparison.Ordinal)) return false;
            return folder.Substring(2).Split(new[] { '\\', '/' }, StringSplitOptions.RemoveEmptyEntries).Length <= 2;
        }

        // PowerShell single quotes: nothing inside is expanded.
        private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
    }
}
