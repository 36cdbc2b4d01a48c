using System;
using System.Collections.Generic;
using System.IO;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>A machine for the store selection: its own environment (RASMFA_CONFIG in a temporary folder) and this system's platform.</summary>
    internal sealed class StoreSelectionWorld : IDisposable
    {
        private readonly Dictionary<string, string?> _environment = new Dictionary<string, string?>();

        public StoreSelectionWorld()
        {
            _environment[StoreSettingFile.FolderVariable] = ConfigFolder;
        }

        public string Root { get; } = Path.Combine(Path.GetTempPath(), "rasmfa-selection-" + Guid.NewGuid().ToString("N"));

        public string ConfigFolder => Path.Combine(Root, "config");

        public string SettingFile => Path.Combine(ConfigFolder, StoreSettingFile.FileName);

        public IStorePlatform Platform { get; } = StorePlatforms.ForThisMachine();

        public string? DatabaseVariable
        {
            set => _environment[StorePaths.DatabaseVariable] = value;
        }

        public string? Environment(string name) => _environment.TryGetValue(name, out var value) ? value : null;

        public StoreSelection Current() => StoreSelection.Current(Environment, Platform);

        public IRasMfaStore Open(StoreSelection selection) => StoreOpener.Open(selection, Platform, null);

        public StoreSelection? UseSqlite(string? path, RasMfa.Engine.Tests.Administration.RecordingReview? review = null) =>
            MachineStoreSetting.UseSqlite(path, review ?? new RasMfa.Engine.Tests.Administration.RecordingReview(), Environment, Platform);

        public StoreSelection? UsePostgreSql(string connectionString, string userName, string password, RasMfa.Engine.Tests.Administration.RecordingReview? review = null) =>
            MachineStoreSetting.UsePostgreSql(connectionString, userName, System.Text.Encoding.UTF8.GetBytes(password),
                review ?? new RasMfa.Engine.Tests.Administration.RecordingReview(), Environment, Platform);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }
}
