using System;
using System.IO;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Directories;
using RasMfa.Engine.Tests.Administration;
using Xunit;

namespace RasMfa.Engine.Tests.Directories
{
    /// <summary>The directory rules, without a directory server: nothing here connects.</summary>
    public sealed class DirectoryServiceTests : IDisposable
    {
        private readonly TemporaryStore _temporary = new TemporaryStore();
        private readonly DirectoryService _directories;

        public DirectoryServiceTests() => _directories = new DirectoryService(_temporary.Store.Directories, _temporary.Store.Users);

        private static DirectoryChanges Settings() => new DirectoryChanges { Type = DirectoryType.Ldap, Servers = new[] { " ldap1.example " } };

        private static (string, EngineErrorKind) Refusal(Action action)
        {
            var error = Assert.ThrowsAny<EngineException>(action);
            return (error.ErrorId, error.Kind);
        }

        [Fact]
        public void A_directory_needs_a_server_a_ca_folder_that_exists_and_values_in_range()
        {
            Assert.Equal(("DirectoryServerRequired", EngineErrorKind.InvalidArgument), Refusal(() => _directories.Add("corp", new DirectoryChanges { Servers = new[] { " " } }, new RecordingReview())));
            var settings = Settings();
            settings.TrustedCaPath = Path.Combine(Path.GetTempPath(), "no-such-ca-folder-" + Guid.NewGuid().ToString("N"));
            var missingFolder = Assert.ThrowsAny<EngineException>(() => _directories.Add("corp", settings, new RecordingReview()));
            Assert.Equal(("TrustedCaPathNotFound", EngineErrorKind.NotFound, (object?)settings.TrustedCaPath.Value), (missingFolder.ErrorId, missingFolder.Kind, missingFolder.Target));
            settings.TrustedCaPath = null;
            settings.TimeoutSeconds = 121;
            Assert.Equal(("InvalidDirectory", EngineErrorKind.InvalidArgument), Refusal(() => _directories.Add("corp", settings, new RecordingReview())));
            Assert.Empty(_directories.List());
        }

        [Fact]
        public void A_service_account_without_a_password_is_refused_because_its_bind_would_be_anonymous()
        {
            var settings = Settings();
            settings.BindUserName = "cn=svc,dc=corp,dc=example";
            settings.BindPassword = new byte[0];
            Assert.Equal(("DirectoryBindPasswordEmpty", EngineErrorKind.InvalidArgument), Refusal(() => _directories.Add("corp", settings, new RecordingReview())));
            settings.BindPassword = null;
            Assert.Equal(("DirectoryBindPasswordEmpty", EngineErrorKind.InvalidArgument), Refusal(() => _directories.Add("corp", settings, new RecordingReview())));
            Assert.Empty(_directories.List());
            settings.BindPassword = Encoding.UTF8.GetBytes("a password");
            _directories.Add("corp", settings, new RecordingReview());
            var change = new DirectoryChanges { BindUserName = "cn=svc,dc=corp,dc=example", BindPassword = new byte[0] };
            Assert.Equal(("DirectoryBindPasswordEmpty", EngineErrorKind.InvalidArgument), Refusal(() => _directories.Change("corp", change, new RecordingReview())));
        }

        [Fact]
        public void Clear_binds_and_a_missing_service_account_are_warned_about()
        {
            var settings = Settings();
            settings.Security = DirectorySecurity.None;
            var review = new RecordingReview();
            var directory = _directories.Add("corp", settings, review)!;
            Assert.Equal("ldap1.example", Assert.Single(directory.Servers));
            Assert.Equal(2, review.Warnings.Count);
            Assert.Contains(review.Warnings, w => w.Contains("in clear"));
        }

        [Fact]
        public void An_unknown_directory_is_not_found_for_every_operation()
        {
            var review = new RecordingReview();
            Assert.Equal(("DirectoryNotFound", EngineErrorKind.NotFound), Refusal(() => _directories.Change("corp", new DirectoryChanges(), review)));
            Assert.Equal(("DirectoryNotFound", EngineErrorKind.NotFound), Refusal(() => _directories.Sync("corp", removeMissing: false, force: false, review)));
            Assert.Equal(("DirectoryNotFound", EngineErrorKind.NotFound), Refusal(() => _directories.Import("corp", new DirectoryScope(), review)));
            Assert.Equal(("DirectoryNotFound", EngineErrorKind.NotFound), Refusal(() => _directories.Test("corp", null, null)));
            Assert.Equal(("DirectoryNotFound", EngineErrorKind.NotFound), Refusal(() => _directories.Remove("corp", review)));
            Assert.Empty(review.Warnings);
        }

        [Fact]
        public void A_directory_a_client_uses_is_not_removed_and_the_refusal_says_how_to_free_it()
        {
            _directories.Add("corp", Settings(), new RecordingReview());
            new ClientService(_temporary.Store.Clients).Add("ras", new ClientChanges
            {
                Address = "10.0.0.21", SharedSecret = Encoding.UTF8.GetBytes("a-shared-secret-for-tests"), FirstFactor = FirstFactor.Directory, Directory = "corp",
            }, new RecordingReview());
            var error = Assert.ThrowsAny<EngineException>(() => _directories.Remove("corp", new RecordingReview()));
            Assert.Equal(("DirectoryInUse", EngineErrorKind.Conflict), (error.ErrorId, error.Kind));
            Assert.Contains("Set-RasMfaRadiusClient", error.Message);
        }

        public void Dispose() => _temporary.Dispose();
    }
}
