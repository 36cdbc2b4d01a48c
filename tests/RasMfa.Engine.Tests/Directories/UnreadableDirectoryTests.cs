#if NET8_0_OR_GREATER // the fake LDAP server needs the net8.0 System.DirectoryServices.Protocols; the damage needs the AES-GCM key-file seal
using System;
using System.IO;
using System.Text;
using System.Threading;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Directories
{
    /// <summary>
    /// A directory whose bind password cannot be unsealed (damaged, or sealed with another key) is listed as unreadable:
    /// Test-, Import- and Sync-RasMfaDirectory refuse it, and nothing binds its service account without the password,
    /// which a directory could take as an anonymous bind.
    /// </summary>
    public sealed class UnreadableDirectoryTests : IDisposable
    {
        private const string ServiceDn = "CN=svc-rasmfa,CN=Users,DC=example,DC=test";
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-unreadable-dir-" + Guid.NewGuid().ToString("N"));
        private readonly FakeLdapServer _ldap = new FakeLdapServer();

        private string DatabasePath => Path.Combine(_folder, "rasmfa.db");

        public UnreadableDirectoryTests()
        {
            _ldap.Passwords[ServiceDn] = "service-password";
            using (var store = new SqliteStore(DatabasePath))
            {
                store.Directories.Add(new DirectoryDefinition("corp", DirectoryType.ActiveDirectory, new[] { "127.0.0.1" })
                {
                    Port = _ldap.Port,
                    Security = DirectorySecurity.None,
                    BaseDN = "DC=example,DC=test",
                    BindUserName = ServiceDn,
                    BindPassword = Encoding.UTF8.GetBytes("service-password"),
                    TimeoutSeconds = 5,
                });
            }
            SqliteConnection.ClearAllPools();
            StoreDamage.FlipLastOctet(DatabasePath, "directory", "bind_password", "corp");
        }

        public void Dispose()
        {
            _ldap.Dispose();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        private static void AssertRefusedAsUnreadable(Exception? error)
        {
            var refusal = Assert.IsType<EngineException>(error);
            Assert.Equal(EngineErrorKind.Unreadable, refusal.Kind);
            Assert.Equal("DirectoryBindPasswordUnreadable", refusal.ErrorId);
            Assert.Contains("-BindCredential", refusal.Message);
        }

        [Fact]
        public void Syncing_a_directory_whose_bind_password_is_unreadable_is_refused_before_any_bind()
        {
            using var store = new SqliteStore(DatabasePath);
            var service = new DirectoryService(store.Directories, store.Users);
            Assert.NotNull(service.Get("corp").Unreadable);
            AssertRefusedAsUnreadable(Record.Exception(() => service.Sync("corp", removeMissing: false, force: false, new RecordingReview())));
            Assert.Empty(_ldap.Binds);
        }

        [Fact]
        public void Importing_from_a_directory_whose_bind_password_is_unreadable_is_refused_before_any_bind()
        {
            using var store = new SqliteStore(DatabasePath);
            var service = new DirectoryService(store.Directories, store.Users);
            AssertRefusedAsUnreadable(Record.Exception(() => service.Import("corp", new DirectoryScope(), new RecordingReview())));
            Assert.Empty(_ldap.Binds);
        }

        [Fact]
        public void Testing_a_directory_whose_bind_password_is_unreadable_is_refused_before_any_bind()
        {
            using var store = new SqliteStore(DatabasePath);
            var service = new DirectoryService(store.Directories, store.Users);
            AssertRefusedAsUnreadable(Record.Exception(() => service.Test("corp", null, null)));
            Assert.Empty(_ldap.Binds);
        }

        [Fact]
        public async System.Threading.Tasks.Task A_password_check_given_the_unreadable_directory_never_binds_its_service_account()
        {
            using var store = new SqliteStore(DatabasePath);
            var directory = store.Directories.Get("corp")!;
            var result = await new DirectoryChecker(directory, new LdapSearchPool()).CheckAsync("alice", Encoding.UTF8.GetBytes("alice-password"), CancellationToken.None);
            Assert.Equal(FirstFactorOutcome.Unavailable, result.Outcome);
            Assert.DoesNotContain(ServiceDn, _ldap.Binds);
        }

        // Add- and Set-RasMfaDirectory refuse an empty password; a store written before they did may still hold one.
        [Fact]
        public async System.Threading.Tasks.Task A_service_account_stored_with_an_empty_password_is_never_bound()
        {
            var directory = new DirectoryDefinition("old", DirectoryType.ActiveDirectory, new[] { "127.0.0.1" })
            {
                Port = _ldap.Port,
                Security = DirectorySecurity.None,
                BaseDN = "DC=example,DC=test",
                BindUserName = ServiceDn,
                BindPassword = new byte[0],
                TimeoutSeconds = 5,
            };
            var result = await new DirectoryChecker(directory, new LdapSearchPool()).CheckAsync("alice", Encoding.UTF8.GetBytes("alice-password"), CancellationToken.None);
            Assert.Equal(FirstFactorOutcome.Unavailable, result.Outcome);
            Assert.DoesNotContain(ServiceDn, _ldap.Binds);
        }
    }
}
#endif
