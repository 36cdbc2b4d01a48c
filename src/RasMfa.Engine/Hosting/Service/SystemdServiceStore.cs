using System;
using System.Collections.Generic;
using System.IO;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>
    /// What the unit needs so that the service opens the store the installing session opens: the variables that select it
    /// (RASMFA_DATABASE, RASMFA_CONFIG), the folders it writes (everything else is read-only under ProtectSystem=strict),
    /// and the folders and files to hand over to the service's user (the store accepts only its owner's or root's files,
    /// 0700 and 0600: so they become the service user's, which sessions then trust too, see Security/Unix/InstalledServiceUser).
    /// </summary>
    public sealed class SystemdServiceStore
    {
        public const string NotMachineWideErrorId = "ServiceStoreNotMachineWide";

        private SystemdServiceStore(StoreSelection selection)
        {
            Selection = selection;
        }

        public StoreSelection Selection { get; }

        public IDictionary<string, string> Environment { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        public IList<string> WritablePaths { get; } = new List<string>();

        /// <summary>Folders first, then their files; only those that exist now.</summary>
        public IList<string> OwnedPaths { get; } = new List<string>();

        public static SystemdServiceStore For(StoreSelection selection, Func<string, string?> environment)
        {
            if (selection.Source == StoreSelectionSource.Default)
                throw new EngineException(EngineErrorKind.Conflict, NotMachineWideErrorId,
                    $"This session uses the built-in store {selection.Location}, which lies in your home folder: the service cannot reach it " +
                    "(it runs as its own user, with ProtectHome=yes). Choose the machine's store first, for example " +
                    "Set-RasMfaStore -Sqlite -Path /var/lib/rasmfa/rasmfa.db (Copy-RasMfaStore moves this one there), or set RASMFA_DATABASE, " +
                    "then run Install-RasMfaService again.", target: selection.Location);
            var store = new SystemdServiceStore(selection);
            var platform = StorePlatforms.ForThisMachine();
            var settingFolder = StoreSettingFile.Folder(environment);
            if (!string.IsNullOrWhiteSpace(environment(StoreSettingFile.FolderVariable))) store.Environment[StoreSettingFile.FolderVariable] = settingFolder;
            if (selection.Source == StoreSelectionSource.Environment) store.Environment[StorePaths.DatabaseVariable] = selection.Location;
            if (selection.Source == StoreSelectionSource.MachineSetting)
            {
                var setting = StoreSettingFile.FilesIn(settingFolder, platform);
                store.Own(setting.Folder);
                foreach (var (path, _) in setting.Files) store.Own(path);
            }
            if (selection.Kind == StoreKind.Sqlite)
            {
                var files = new StoreFiles(selection.Location, SecretProtectors.KeyMaterialFileName(platform));
                store.WritablePaths.Add(files.Folder);
                store.Own(files.Folder);
                foreach (var (path, _) in files.Files) store.Own(path);
            }
            else
            {
                // The shared store's key: a key rotation's pending key is moved into place by the next open, on any server.
                var keys = PostgreSqlStore.DefaultKeyFolder();
                store.WritablePaths.Add(keys);
                store.Own(keys);
                if (Directory.Exists(keys))
                    foreach (var file in Directory.GetFiles(keys, "rasmfa-store-*")) store.Own(file);
            }
            return store;
        }

        /// <summary>The store's paths that the unit hides from the service (a store in /tmp or a home folder): it would not start.</summary>
        public IEnumerable<string> HiddenPaths()
        {
            foreach (var path in WritablePaths)
                if (DotnetHost.HiddenFromService(path)) yield return path;
            if (Environment.TryGetValue(StoreSettingFile.FolderVariable, out var setting) && DotnetHost.HiddenFromService(setting)) yield return setting;
        }

        private void Own(string path)
        {
            if ((File.Exists(path) || Directory.Exists(path)) && !OwnedPaths.Contains(path)) OwnedPaths.Add(path);
        }
    }
}
