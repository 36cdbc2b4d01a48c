using System;
using System.Collections.Generic;
using System.Linq;

namespace RasMfa.Engine.Security.Windows
{
    /// <summary>
    /// The commands, for an elevated PowerShell, that make a refused store folder private: Administrators take
    /// ownership of it and its files, the folder keeps only its own entries, other accounts' entries go, and the
    /// files inside take the folder's entries again.
    /// </summary>
    internal static class WindowsFixCommands
    {
        /// <returns>No commands when the folder is a drive's root: that must not be locked down; the store needs a folder of its own.</returns>
        public static IReadOnlyList<string> For(string folder, IReadOnlyList<AccessProblem> problems, IReadOnlyList<string> fullControlSids)
        {
            folder = folder.TrimEnd('\\', '/');
            if (IsVolumeRoot(folder)) return Array.Empty<string>();
            // Always: files owned by one admin would be refused when another account (the service) opens the store.
            var commands = new List<string> { $"takeown /F {Quote(folder)} /A /R" };
            commands.Add($"icacls {Quote(folder)} /inheritance:r /grant:r " + string.Join(" ", fullControlSids.Select(sid => Quote($"*{sid}:(OI)(CI)F"))));
            var explicitOthers = problems
                .Where(p => p.Item == StoreItem.Folder && p.Kind != AccessProblemKind.UntrustedOwner && !p.Inherited && p.Principal != null)
                .Select(p => p.Principal!.ToUpperInvariant())
                .Distinct()
                .ToList();
            if (explicitOthers.Count > 0)
                commands.Add($"icacls {Quote(folder)} /remove:g " + string.Join(" ", explicitOthers.Select(sid => Quote("*" + sid))));
            commands.Add($"icacls {Quote(folder + "\\*")} /reset /T /C");
            return commands;
        }

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
