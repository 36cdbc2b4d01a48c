using System;
using System.IO;
using System.Text;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Administration;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>Which store a session or the service opens: RASMFA_DATABASE, else the machine-wide setting, else the built-in path.</summary>
    public sealed class StoreSelectionTests : IDisposable
    {
        private readonly StoreSelectionWorld _machine = new StoreSelectionWorld();

        private string DatabaseIn(string name) => Path.Combine(_machine.Root, name, "rasmfa.db");

        public void Dispose() => _machine.Dispose();

        [Fact]
        public void Without_a_setting_the_built_in_path_is_chosen_and_reading_creates_nothing()
        {
            var selection = _machine.Current();

            Assert.Equal(StoreSelectionSource.Default, selection.Source);
            Assert.Equal(StoreKind.Sqlite, selection.Kind);
            Assert.Equal(StorePaths.BuiltInDatabasePath(), selection.Location);
            Assert.Equal(_machine.SettingFile, selection.SettingFile);
            Assert.False(Directory.Exists(_machine.ConfigFolder));
        }

        [Fact]
        public void The_machine_setting_names_the_SQLite_file_that_is_opened()
        {
            var path = DatabaseIn("shared");
            _machine.UseSqlite(path);

            var selection = _machine.Current();
            Assert.Equal(StoreSelectionSource.MachineSetting, selection.Source);
            Assert.Equal(path, selection.Location);
            using (var store = (SqliteStore)_machine.Open(selection))
                store.Clients.Add(new RadiusClientDefinition("ras", IpNetwork.Parse("10.0.0.1"), Encoding.UTF8.GetBytes("a-shared-secret-for-tests")));

            Assert.True(File.Exists(path));
            using var reopened = new SqliteStore(path);
            Assert.NotNull(reopened.Clients.Get("ras"));
        }

        [Fact]
        public void RASMFA_DATABASE_wins_over_the_machine_setting_and_the_setting_is_not_read()
        {
            _machine.UseSqlite(DatabaseIn("shared"));
            File.WriteAllText(_machine.SettingFile, "damaged"); // would be refused if it were read
            _machine.DatabaseVariable = DatabaseIn("mine");

            var selection = _machine.Current();

            Assert.Equal(StoreSelectionSource.Environment, selection.Source);
            Assert.Equal(DatabaseIn("mine"), selection.Location);
        }

        [Fact]
        public void Setting_the_store_while_RASMFA_DATABASE_is_set_warns_that_it_wins()
        {
            _machine.DatabaseVariable = DatabaseIn("mine");
            var review = new RecordingReview();

            _machine.UseSqlite(DatabaseIn("shared"), review);

            Assert.Contains(review.Warnings, warning => warning.Contains("RASMFA_DATABASE is set in this session") && warning.Contains("wins"));
        }

        [Fact]
        public void Sqlite_without_a_path_removes_the_setting_and_the_built_in_path_applies_again()
        {
            _machine.UseSqlite(DatabaseIn("shared"));

            var result = _machine.UseSqlite(null);

            Assert.Equal(StoreSelectionSource.Default, result!.Source);
            Assert.False(File.Exists(_machine.SettingFile));
            Assert.Equal(StoreSelectionSource.Default, _machine.Current().Source);
        }

        [Fact]
        public void A_change_not_approved_writes_nothing()
        {
            var review = new RecordingReview(approve: false);

            Assert.Null(_machine.UseSqlite(DatabaseIn("shared"), review));

            Assert.Single(review.Asked);
            Assert.False(Directory.Exists(_machine.ConfigFolder));
        }

        [Theory]
        [InlineData("rasmfa.db")]
        [InlineData("data/rasmfa.db")]
        public void A_relative_path_is_refused(string path)
        {
            var error = Assert.Throws<StoreException>(() => _machine.UseSqlite(path));

            Assert.Equal(MachineStoreSetting.RelativePathErrorId, error.ErrorId);
            Assert.False(Directory.Exists(_machine.ConfigFolder));
        }

        [Theory]
        [InlineData("not json at all")]
        [InlineData("{\"format\": 1, \"kind\": \"Oracle\", \"path\": \"/x\"}")]
        [InlineData("{\"format\": 1, \"kind\": \"Sqlite\"}")]
        [InlineData("{\"format\": 1, \"kind\": \"Sqlite\", \"path\": \"relative.db\"}")]
        [InlineData("{\"format\": 2, \"kind\": \"Sqlite\", \"path\": \"/x.db\"}")]
        [InlineData("{\"format\": 1, \"kind\": \"PostgreSql\", \"connectionString\": \"Host=db\", \"userName\": \"u\", \"password\": \"not base64!\"}")]
        public void A_damaged_setting_is_refused_with_a_clear_error_not_replaced_by_the_default(string content)
        {
            _machine.UseSqlite(DatabaseIn("shared"));
            File.WriteAllText(_machine.SettingFile, content);

            var error = Assert.Throws<StoreException>(() => _machine.Current());

            Assert.Equal(StoreSettingFile.DamagedErrorId, error.ErrorId);
            Assert.Contains(_machine.SettingFile, error.Message);
        }

#if NET
        [Fact]
        public void The_setting_folder_is_0700_and_the_setting_and_its_key_0600()
        {
            if (OperatingSystem.IsWindows()) return;
            _machine.UsePostgreSql("Host=db1;Database=rasmfa", "rasmfa", "S3cret-Passw0rd");

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_machine.ConfigFolder));
            var names = Array.ConvertAll(Directory.GetFiles(_machine.ConfigFolder), Path.GetFileName);
            Array.Sort(names, StringComparer.Ordinal);
            Assert.Equal(new[] { "store.json", "store.json.key" }, names);
            foreach (var file in Directory.GetFiles(_machine.ConfigFolder))
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        [Fact]
        public void A_setting_others_could_change_is_refused_at_every_read()
        {
            if (OperatingSystem.IsWindows()) return;
            _machine.UseSqlite(DatabaseIn("shared"));
            File.SetUnixFileMode(_machine.SettingFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);

            var error = Assert.Throws<StoreException>(() => _machine.Current());

            Assert.Equal(StoreFolderGuard.NotPrivateErrorId, error.ErrorId);
            Assert.Contains("RasMfa's machine-wide store setting", error.Message);
            Assert.Contains($"chmod 600 '{_machine.SettingFile}'", error.Message);
        }

        [Fact]
        public void A_setting_its_group_could_read_is_refused_as_a_key_file_would_be()
        {
            if (OperatingSystem.IsWindows()) return;
            _machine.UsePostgreSql("Host=db1;SSL Mode=VerifyFull", "rasmfa_app", "S3cret-Passw0rd");
            File.SetUnixFileMode(_machine.SettingFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

            var error = Assert.Throws<StoreException>(() => _machine.Current());

            Assert.Equal(StoreFolderGuard.NotPrivateErrorId, error.ErrorId);
            Assert.Contains($"Its group may read {_machine.SettingFile} (the machine-wide store setting, mode 0640).", error.Message);
        }

        [Fact]
        public void A_setting_folder_others_could_change_is_refused_with_advice_naming_RASMFA_CONFIG()
        {
            if (OperatingSystem.IsWindows()) return;
            _machine.UseSqlite(DatabaseIn("shared"));
            File.SetUnixFileMode(_machine.ConfigFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupWrite);

            var error = Assert.Throws<StoreException>(() => _machine.UseSqlite(DatabaseIn("other")));

            Assert.Equal(StoreFolderGuard.NotPrivateErrorId, error.ErrorId);
            Assert.Contains("set RASMFA_CONFIG to a folder of its own", error.Message);
        }
#endif
    }
}
