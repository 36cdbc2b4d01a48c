using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RasMfa.Engine.Security.Unix
{
    /// <summary>
    /// The shell commands that make a refused store private: chown -h to the current user, chmod 700 the folder, 600
    /// the files, each on one named path (never -R: a link planted inside would be followed). A folder someone else
    /// owns is moved aside instead, for RasMfa to create a new one.
    /// </summary>
    internal static class UnixFixCommands
    {
        /// <returns>No commands when the folder is shared by design (the root, or sticky like /tmp): the store needs a folder of its own.</returns>
        public static IReadOnlyList<string> For(string folder, UnixFileStatus folderStatus, IReadOnlyList<AccessProblem> problems, uint currentUid)
        {
            folder = folder.TrimEnd('/');
            if (folder.Length == 0 || folderStatus.IsSticky) return Array.Empty<string>();
            if (AccessProblem.FolderHasUntrustedOwner(problems)) return new[] { $"mv -- {Quote(folder)} {Quote(folder + ".untrusted")}" };
            var commands = new List<string>();
            foreach (var path in problems.Where(p => p.Kind == AccessProblemKind.UntrustedOwner).Select(p => p.Path).Distinct())
                commands.Add($"chown -h {currentUid.ToString(CultureInfo.InvariantCulture)} {Quote(path)}");
            foreach (var problem in problems.Where(p => p.Kind != AccessProblemKind.UntrustedOwner).GroupBy(p => p.Path).Select(g => g.First()))
                commands.Add($"chmod {(problem.Item == StoreItem.Folder ? "700" : "600")} {Quote(problem.Path)}");
            return commands;
        }

        // POSIX shell single quotes: a quote inside becomes '\''.
        private static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";
    }
}
