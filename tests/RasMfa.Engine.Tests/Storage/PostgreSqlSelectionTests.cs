using System;
using System.IO;
using System.Text;
using Npgsql;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Administration;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>
    /// A PostgreSQL store chosen machine-wide: the connection string as Npgsql reads it, credentials only from the
    /// admin's credential, the password sealed in store.json and unsealed only to open the store.
    /// </summary>
    [Collection(PostgreSqlFactoryCollection.Name)]
    public sealed class PostgreSqlSelectionTests : IDisposable
    {
        private const string Password = "Corr3ct-Horse-Battery";
        private readonly StoreSelectionWorld _machine = new StoreSelectionWorld();

        public void Dispose()
        {
            PostgreSqlStoreFactory.Opener = PostgreSqlStoreFactory.Default;
            _machine.Dispose();
        }

        [Fact]
        public void The_setting_round_trips_with_the_password_sealed_and_nowhere_in_clear()
        {
            _machine.UsePostgreSql("Host=db1;Database=rasmfa;SSL Mode=VerifyFull", "rasmfa_app", Password);

            var selection = _machine.Current();
            Assert.Equal(StoreKind.PostgreSql, selection.Kind);
            Assert.Equal(StoreSelectionSource.MachineSetting, selection.Source);
            Assert.Equal("rasmfa_app", selection.UserName);
            Assert.DoesNotContain("Password", selection.Location, StringComparison.OrdinalIgnoreCase);
            var file = File.ReadAllBytes(_machine.SettingFile);
            var text = Encoding.UTF8.GetString(file);
            Assert.DoesNotContain(Password, text);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Password)), text);
            Assert.DoesNotContain(Password, selection.ToString());

            string? opened = null;
            PostgreSqlStoreFactory.Opener = (connectionString, _) =>
            {
                opened = connectionString;
                throw new StoreException(StoreErrorKind.Unavailable, "Stop", "stands in for the store");
            };
            Assert.Throws<StoreException>(() => _machine.Open(selection));
            var builder = new NpgsqlConnectionStringBuilder(opened);
            Assert.Equal("db1", builder.Host);
            Assert.Equal("rasmfa_app", builder.Username);
            Assert.Equal(Password, builder.Password);
        }

        [Fact]
        public void Several_hosts_and_target_session_attributes_are_kept_as_Npgsql_reads_them()
        {
            var written = _machine.UsePostgreSql("Host=db1,db2:5433;Port=5432;Database=rasmfa;Target Session Attributes=primary;SSL Mode=Require", "rasmfa_app", Password)!;

            var kept = new NpgsqlConnectionStringBuilder(_machine.Current().Location);
            Assert.Equal(written.Location, _machine.Current().Location);
            Assert.Equal("db1,db2:5433", kept.Host);
            Assert.Equal("primary", kept.TargetSessionAttributes);
            Assert.Equal("rasmfa", kept.Database);
        }

        [Theory]
        [InlineData("Host=db1;Password=secret")]
        [InlineData("Host=db1;pwd=secret")]
        [InlineData("Host=db1;Passfile=/root/.pgpass")]
        [InlineData("Host=db1;SSL Password=secret")]
        [InlineData("Host=db1;Username=someone")]
        public void A_connection_string_that_carries_credentials_is_refused_and_nothing_is_written(string connectionString)
        {
            var error = Assert.Throws<StoreException>(() => _machine.UsePostgreSql(connectionString, "rasmfa_app", Password));

            Assert.Equal(PostgreSqlConnectionText.CredentialErrorId, error.ErrorId);
            Assert.DoesNotContain("secret", error.Message);
            Assert.False(File.Exists(_machine.SettingFile));
        }

        [Theory]
        [InlineData("Hots=db1")]
        [InlineData("Host=db1;Port=many")]
        [InlineData("Host=db1;Target Session Attributes=whichever")]
        [InlineData("Database=rasmfa")]
        [InlineData("just some words")]
        public void A_connection_string_Npgsql_cannot_read_is_refused(string connectionString)
        {
            var error = Assert.Throws<StoreException>(() => _machine.UsePostgreSql(connectionString, "rasmfa_app", Password));

            Assert.Equal(PostgreSqlConnectionText.InvalidErrorId, error.ErrorId);
            Assert.False(File.Exists(_machine.SettingFile));
        }

        [Fact]
        public void An_empty_password_or_user_is_refused()
        {
            Assert.Equal(MachineStoreSetting.PasswordEmptyErrorId, Assert.Throws<StoreException>(() => _machine.UsePostgreSql("Host=db1", "rasmfa_app", "")).ErrorId);
            Assert.Equal(MachineStoreSetting.UserNameMissingErrorId, Assert.Throws<StoreException>(() => _machine.UsePostgreSql("Host=db1", " ", Password)).ErrorId);
        }

        [Theory]
        [InlineData("Host=db1.example.net;Database=rasmfa", true)]
        [InlineData("Host=127.0.0.1,db1;SSL Mode=Prefer", true)]
        [InlineData("Host=db1.example.net;SSL Mode=Require", true)] // encrypted, but any certificate is accepted
        [InlineData("Host=db1.example.net;SSL Mode=VerifyCA", false)]
        [InlineData("Host=db1.example.net;SSL Mode=VerifyFull", false)]
        [InlineData("Host=localhost,127.0.0.1:5433,[::1]", false)]
        [InlineData("Host=/var/run/postgresql", false)]
        public void A_connection_that_may_cross_the_network_without_TLS_is_warned_about(string connectionString, bool warned)
        {
            var review = new RecordingReview();

            _machine.UsePostgreSql(connectionString, "rasmfa_app", Password, review);

            Assert.Equal(warned, review.Warnings.Exists(warning => warning.Contains("without TLS")));
        }

        [Fact]
        public void A_setting_whose_key_file_is_gone_is_refused_at_open_with_a_clear_error()
        {
            _machine.UsePostgreSql("Host=db1;SSL Mode=VerifyFull", "rasmfa_app", Password);
            var keyFile = StoreSettingFile.FilesIn(_machine.ConfigFolder, _machine.Platform).KeyFile;
            Assert.True(File.Exists(keyFile));
            File.Delete(keyFile);

            var error = Assert.Throws<StoreException>(() => _machine.Open(_machine.Current()));

            Assert.Equal(StoreSettingSecret.UnreadableErrorId, error.ErrorId);
        }

        [Fact]
        public void Without_a_PostgreSQL_store_in_this_build_opening_one_says_so()
        {
            _machine.UsePostgreSql("Host=db1;SSL Mode=VerifyFull", "rasmfa_app", Password);
            PostgreSqlStoreFactory.Opener = null;

            var error = Assert.Throws<StoreException>(() => _machine.Open(_machine.Current()));

            Assert.Equal(PostgreSqlStoreFactory.UnavailableErrorId, error.ErrorId);
            Assert.Equal(StoreErrorKind.Unavailable, error.Kind);
        }

        [Fact]
        public void Npgsql_failing_to_load_becomes_a_clear_error_and_other_missing_files_do_not()
        {
            var missingAssembly = new FileNotFoundException("Could not load file or assembly.", "Npgsql, Version=10.0.3.0, Culture=neutral, PublicKeyToken=5d8b90d52f46fda7");

            var error = Assert.Throws<StoreException>(() => PostgreSqlClient.Guarded<int>(() => throw missingAssembly));
            Assert.Equal(PostgreSqlClient.MissingErrorId, error.ErrorId);
            Assert.Contains("Npgsql", error.Message);
            Assert.Throws<StoreException>(() => PostgreSqlClient.Guarded<int>(() => throw new TypeInitializationException("Npgsql.NpgsqlDataSource", new FileLoadException("refused"))));
            Assert.Throws<FileNotFoundException>(() => PostgreSqlClient.Guarded<int>(() => throw new FileNotFoundException("no root certificate", "/etc/ssl/db-ca.pem")));
        }
    }

    /// <summary>The tests that set <see cref="PostgreSqlStoreFactory.Opener"/>, a process-wide hook, run one at a time.</summary>
    [CollectionDefinition(Name)]
    public sealed class PostgreSqlFactoryCollection
    {
        public const string Name = "PostgreSQL store factory";
    }
}
