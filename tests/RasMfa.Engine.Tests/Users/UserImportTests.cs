using System;
using System.IO;
using System.Linq;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Users
{
    public sealed class UserImportTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-import-" + Guid.NewGuid().ToString("N"));
        private readonly SqliteStore _store;

        public UserImportTests() => _store = new SqliteStore(Path.Combine(_folder, "rasmfa.db"));

        [Fact]
        public void Rows_create_update_or_leave_users_and_bad_rows_fail_alone()
        {
            _store.Users.Add(new MfaUser("bob") { Email = "bob@corp.example" });
            var rows = new[]
            {
                new UserImportRow { UserName = "alice", Email = "alice@corp.example", Line = 2 },
                new UserImportRow { UserName = "bob", Email = "bob@corp.example", Line = 3 },
                new UserImportRow { UserName = "BOB", PhoneNumber = "+44 20 7946 0000", Line = 4 },
                new UserImportRow { UserName = "", Line = 5 },
                new UserImportRow { UserName = "carol", Email = "not-an-address", Line = 6 },
                new UserImportRow { UserName = "dave", PhoneNumber = "call me", Line = 7 },
                new UserImportRow { UserName = "erin", Enabled = false, Line = 8 },
            };
            var outcomes = UserImport.Apply(_store.Users, rows);
            Assert.Equal(new[] { UserImportStatus.Created, UserImportStatus.Unchanged, UserImportStatus.Failed, UserImportStatus.Failed, UserImportStatus.Failed, UserImportStatus.Failed, UserImportStatus.Created },
                outcomes.Select(o => o.Status).ToArray());
            Assert.Contains("twice", outcomes[2].Error);
            Assert.False(_store.Users.Get("erin")!.Enabled);
            Assert.Null(_store.Users.Get("carol"));
            Assert.Equal(UserImportStatus.Updated, UserImport.Apply(_store.Users, new[] { new UserImportRow { UserName = "bob", DisplayName = "Bob" } })[0].Status);
            Assert.Equal("bob@corp.example", _store.Users.Get("bob")!.Email);
        }

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
