using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Directories
{
    /// <summary>The engine's front door for directories: their rules, and the reads (test, import, sync) that go through one.</summary>
    public sealed class DirectoryService
    {
        private readonly IDirectoryStore _directories;
        private readonly IUserStore _users;

        public DirectoryService(IDirectoryStore directories, IUserStore users)
        {
            _directories = directories;
            _users = users;
        }

        public IReadOnlyList<DirectoryDefinition> List() => _directories.List();

        public DirectoryDefinition Get(string name) => _directories.Get(name) ?? throw NotFound(name);

        /// <summary>Adds a directory; null when the review did not approve it.</summary>
        public DirectoryDefinition? Add(string name, DirectoryChanges settings, IChangeReview review)
        {
            AdministeredName.Checked(name, "directory", "InvalidDirectoryName");
            var directory = new DirectoryDefinition(name, settings.Type ?? DirectoryType.ActiveDirectory, new string[0]);
            Apply(directory, settings, review);
            if (!review.Approve($"{name} ({string.Join(", ", directory.Servers)})", "Add directory")) return null;
            _directories.Add(directory);
            return directory;
        }

        /// <summary>Changes what <paramref name="changes"/> gives, in one write; null when the review did not approve it.</summary>
        public DirectoryDefinition? Change(string name, DirectoryChanges changes, IChangeReview review)
        {
            var directory = Get(name);
            if (directory.Unreadable != null && changes.BindUserName == null) throw Unreadable(directory, "to change it");
            Apply(directory, changes, review);
            if (!review.Approve(name, "Change directory")) return null;
            _directories.Update(name, directory);
            return directory;
        }

        public void Remove(string name, IChangeReview review)
        {
            if (!review.Approve(name, "Remove directory")) return;
            try
            {
                _directories.Remove(name);
            }
            catch (EngineException e) when (e.ErrorId == "DirectoryInUse")
            {
                throw new EngineException(EngineErrorKind.Conflict, e.ErrorId, $"{e.Message} Change them with Set-RasMfaRadiusClient first.", e);
            }
        }

        /// <summary>Connects, secures, binds and searches each server, optionally also binding as a user.</summary>
        public IReadOnlyList<DirectoryProbeStep> Test(string name, string? userName, byte[]? password) =>
            DirectoryProbe.Run(Readable(name, "to test it"), userName, password);

        /// <summary>Imports the users of <paramref name="scope"/>, which joins the directory's sync scopes; null when not approved.</summary>
        public DirectorySyncResult? Import(string name, DirectoryScope scope, IChangeReview review)
        {
            var directory = Readable(name, "to import from it");
            if (!review.Approve(scope.Group == null ? name : $"{scope.Group} in {name}", "Import RasMfa users from the directory")) return null;
            return Read(name, () => DirectorySync.Run(_directories, _users, directory, scope, removeMissing: false, force: false));
        }

        /// <summary>Brings the directory's users up to date; past the threshold of missing users it is held back (with a warning) unless forced.</summary>
        public DirectorySyncResult? Sync(string name, bool removeMissing, bool force, IChangeReview review)
        {
            var directory = Readable(name, "to synchronise it");
            var action = removeMissing ? "Synchronise users, removing those gone from the directory" : "Synchronise users, disabling those gone from the directory";
            if (!review.Approve(name, action)) return null;
            var result = Read(name, () => DirectorySync.Run(_directories, _users, directory, importScope: null, removeMissing: removeMissing, force: force));
            if (result.HeldBack)
                review.Warn($"{result.Missing.Count} users of '{name}' are gone from it, more than {DirectorySync.DefaultThreshold}: none was disabled or removed. " +
                    "Check the directory and the import scope, then run again with -Force.");
            return result;
        }

        // A directory whose bind password cannot be unsealed is never used: binding its service account without the password
        // would be an unauthenticated bind, which a directory may take as anonymous.
        private DirectoryDefinition Readable(string name, string purpose)
        {
            var directory = Get(name);
            if (directory.Unreadable != null) throw Unreadable(directory, purpose);
            return directory;
        }

        private static EngineException Unreadable(DirectoryDefinition directory, string purpose) =>
            new EngineException(EngineErrorKind.Unreadable, "DirectoryBindPasswordUnreadable",
                $"{directory.Unreadable} Give directory '{directory.Name}' its service account again (Set-RasMfaDirectory -BindCredential) {purpose}.", target: directory.Name);

        public static EngineException NotFound(string name) =>
            new EngineException(EngineErrorKind.NotFound, "DirectoryNotFound", $"No directory is named '{name}'.");

        // The LDAP reads report an unreachable or refusing directory as InvalidOperationException.
        private static DirectorySyncResult Read(string name, Func<DirectorySyncResult> read)
        {
            try
            {
                return read();
            }
            catch (InvalidOperationException e)
            {
                throw new EngineException(EngineErrorKind.Unavailable, "DirectoryUnreadable", e.Message, e, name);
            }
        }

        private static void Apply(DirectoryDefinition directory, DirectoryChanges changes, IChangeReview review)
        {
            var owner = $"Directory '{directory.Name}'";
            directory.Type = changes.Type ?? directory.Type;
            directory.Servers = changes.Servers?.Select(s => s.Trim()).Where(s => s.Length > 0).ToArray() ?? directory.Servers;
            directory.Port = changes.Port.Or(directory.Port);
            directory.Security = changes.Security ?? directory.Security;
            directory.BaseDN = NullIfBlank(changes.BaseDN.Or(directory.BaseDN));
            if (changes.BindUserName != null)
            {
                // A simple bind with a name and no password is unauthenticated (RFC 4513 5.1.2): some directories answer it as anonymous.
                if (string.IsNullOrWhiteSpace(changes.BindUserName) || changes.BindPassword == null || changes.BindPassword.Length == 0)
                    throw new EngineException(EngineErrorKind.InvalidArgument, "DirectoryBindPasswordEmpty",
                        $"{owner}: -BindCredential needs a user name and a password; a bind without a password is unauthenticated, and a directory may take it as anonymous.");
                directory.BindUserName = changes.BindUserName;
                directory.BindPassword = changes.BindPassword;
            }
            directory.CertificateThumbprint = NullIfBlank(changes.CertificateThumbprint.Or(directory.CertificateThumbprint));
            directory.TrustedCaPath = NullIfBlank(changes.TrustedCaPath.Or(directory.TrustedCaPath));
            directory.TimeoutSeconds = changes.TimeoutSeconds ?? directory.TimeoutSeconds;
            directory.SyncIntervalMinutes = changes.SyncIntervalMinutes ?? directory.SyncIntervalMinutes;

            if (directory.Servers.Count == 0)
                throw new EngineException(EngineErrorKind.InvalidArgument, "DirectoryServerRequired", $"{owner}: name at least one server with -Server.");
            if (directory.Port is int port && (port < 1 || port > 65535)) throw Invalid($"{owner}: the port must be from 1 to 65535.");
            if (directory.TimeoutSeconds < 1 || directory.TimeoutSeconds > 120) throw Invalid($"{owner}: the timeout must be from 1 to 120 seconds.");
            if (directory.SyncIntervalMinutes < 0 || directory.SyncIntervalMinutes > 10080) throw Invalid($"{owner}: the sync interval must be from 0 (none) to 10080 minutes (a week).");
            if (directory.TrustedCaPath != null && !System.IO.Directory.Exists(directory.TrustedCaPath))
                throw new EngineException(EngineErrorKind.NotFound, "TrustedCaPathNotFound",
                    $"'{directory.TrustedCaPath}' is not a folder. Put the CA certificates there and run 'openssl rehash' on it.", target: directory.TrustedCaPath);
            if (directory.Security == DirectorySecurity.None)
                review.Warn($"{owner}: -Security None sends every password to the directory in clear. A real Active Directory refuses such binds.");
            if (directory.BindUserName == null)
                review.Warn($"{owner} has no service account (-BindCredential): user names must be given as the directory binds them, failures cannot be explained, and users cannot be imported.");
        }

        private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

        private static EngineException Invalid(string message) => new EngineException(EngineErrorKind.InvalidArgument, "InvalidDirectory", message);
    }
}
