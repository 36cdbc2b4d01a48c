using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// Runs before the database opens: creates a missing store folder and database file so that only trusted
    /// accounts reach them, and refuses a store that others could read or change. An existing folder's permissions
    /// are never changed: it may be one an administrator made for the store (RASMFA_DATABASE); the message says how.
    /// </summary>
    internal static class StoreFolderGuard
    {
        public const string NotPrivateErrorId = "StoreNotPrivate";
        public const string OwnerUnknownErrorId = "StoreOwnerUnknown";

        public static void Prepare(StoreFiles files, IStorePlatform platform) => Prepare(files, platform, createDatabase: true);

        /// <param name="createDatabase">False for the store setting, which is only ever written whole (moved into place).</param>
        public static void Prepare(StoreFiles files, IStorePlatform platform, bool createDatabase)
        {
            try
            {
                if (!Directory.Exists(files.Folder))
                {
                    var parent = Path.GetDirectoryName(files.Folder);
                    if (parent != null) Directory.CreateDirectory(parent);
                    platform.CreatePrivateFolder(files.Folder);
                }
                RefuseLinks(files);
                var problems = new List<AccessProblem>(platform.FindAccessProblems(files.Folder, StoreItem.Folder));
                foreach (var (path, item) in files.Files) problems.AddRange(ProblemsOf(path, item, platform));
                if (problems.Count > 0)
                {
                    var existing = new List<string>();
                    foreach (var (path, _) in files.Files) if (File.Exists(path)) existing.Add(path);
                    throw new StoreException(StoreErrorKind.Insecure, NotPrivateErrorId, Describe(files, problems, platform.FixCommands(files.Folder, existing, problems)));
                }
                if (createDatabase && !File.Exists(files.Database))
                {
                    try
                    {
                        platform.CreatePrivateFile(files.Database);
                    }
                    catch (IOException) when (File.Exists(files.Database))
                    {
                        // Another process created it first, in the folder just found private.
                    }
                }
            }
            catch (UnauthorizedAccessException e)
            {
                throw new StoreException(StoreErrorKind.AccessDenied, "StoreAccessDenied", e.Message, e);
            }
            catch (PlatformNotSupportedException e)
            {
                // The platform cannot check who owns the store (no statx): refused, never used unchecked.
                throw new StoreException(StoreErrorKind.Insecure, OwnerUnknownErrorId, e.Message, e);
            }
        }

        // A symbolic link or junction passes the permission checks of its target while its own owner can point it elsewhere
        // later (any user may create C:\ProgramData\RasMfa as a junction): the store is only ever real folders and files.
        private static void RefuseLinks(StoreFiles files)
        {
            var paths = new List<string> { files.Folder };
            foreach (var (path, _) in files.Files) paths.Add(path);
            foreach (var path in paths)
            {
                FileSystemInfo entry = path == files.Folder ? new DirectoryInfo(path) : new FileInfo(path);
                if (!entry.Exists || (entry.Attributes & FileAttributes.ReparsePoint) == 0) continue;
                throw new StoreException(StoreErrorKind.Insecure, NotPrivateErrorId,
                    $"{files.Subject} in {files.Folder} is not private, so RasMfa will not use it: {path} is a link (symbolic link or junction), " +
                    $"which whoever made it can point elsewhere. Remove the link and let RasMfa create the folder, or {files.RelocationAdvice} (a real folder).");
            }
        }

        private static IReadOnlyList<AccessProblem> ProblemsOf(string path, StoreItem item, IStorePlatform platform)
        {
            if (!File.Exists(path)) return Array.Empty<AccessProblem>();
            try
            {
                return platform.FindAccessProblems(path, item);
            }
            catch (FileNotFoundException)
            {
                return Array.Empty<AccessProblem>(); // SQLite removed its -wal or -shm meanwhile
            }
        }

        private static string Describe(StoreFiles files, IReadOnlyList<AccessProblem> problems, IReadOnlyList<string> commands)
        {
            var folder = files.Folder;
            var text = new StringBuilder($"{files.Subject} in {folder} is not private, so RasMfa will not use it:");
            foreach (var problem in problems) text.AppendLine().Append("  - ").Append(problem.Description);
            text.AppendLine();
            if (commands.Count == 0)
            {
                text.Append($"{folder} is shared by design (a drive's root, or a sticky folder such as /tmp): {files.RelocationAdvice}; ")
                    .Append("RasMfa creates a missing folder with the right permissions.");
                return text.ToString();
            }
            if (AccessProblem.FolderHasUntrustedOwner(problems))
            {
                // Taking it over would keep whatever its owner put inside (files, links): it is moved aside instead.
                text.Append($"Someone else owns {folder}, most likely because they made it before RasMfa ran: do not take it over. ")
                    .Append("Move it aside as an administrator (an elevated PowerShell on Windows; root elsewhere), and RasMfa creates a new private folder at the next start:");
                foreach (var command in commands) text.AppendLine().Append("    ").Append(command);
                text.AppendLine().Append("Copy a database or key file back from it only if you know where they came from; treat the secrets in it as known to its owner.");
                return text.ToString();
            }
            text.Append("To make it private, run as an administrator (an elevated PowerShell on Windows; the store's owner or root elsewhere):");
            foreach (var command in commands) text.AppendLine().Append("    ").Append(command);
            text.AppendLine().Append($"If the folder holds anything besides RasMfa's files, leave it as it is and {files.RelocationAdvice} instead.");
            text.AppendLine().Append("If you did not set these permissions, someone else could have changed or replaced the store: check what the folder holds before trusting it, ")
                .Append("and change the shared secrets and token seeds in it if others could read them.");
            return text.ToString();
        }
    }
}
