using System;
using System.Linq;
using System.Text;
using System.Threading;
using RasMfa.Engine.BypassCodes;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Storage.Export;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.BypassCodes
{
    /// <summary>
    /// Copy-RasMfaStore and Export/Import-RasMfaConfiguration carry bypass codes (a store moved during an incident keeps the
    /// codes users were given): the hash key resealed with the destination's key, uses left and expiry kept.
    /// </summary>
    public sealed class BypassCodeCarriedTests : IDisposable
    {
        private static readonly DateTime Now = new DateTime(2026, 11, 28, 8, 0, 5, DateTimeKind.Utc);
        private readonly ConfigurationFileWorld _world = new ConfigurationFileWorld();

        public void Dispose() => _world.Dispose();

        private string MakeCode(string storeName)
        {
            using var store = new SqliteStore(_world.Stores.PathOf(storeName));
            store.Users.Add(new MfaUser("alice"));
            return new BypassCodeService(store.BypassCodes, store.Users).New("alice", 1, TimeSpan.FromDays(1), 2, "admin", Now, new RecordingReview())!.Single().Code;
        }

        private static bool LogsIn(IRasMfaStore store, string code)
        {
            var subject = store.Logins.Find("alice").Subject!;
            var method = UserMethods.Of(subject).Named(BypassCodeMethod.MethodName)!;
            var request = new MethodRequest(subject.User, "ras", new MfaSettings(), Now);
            return method.VerifyAsync(CodeResponse.FromClear(Encoding.ASCII.GetBytes(code)), request, CancellationToken.None).Result != null;
        }

        [Fact]
        public void A_copied_store_keeps_the_codes_which_still_log_in_under_its_own_key()
        {
            var code = MakeCode("source");
            var summary = _world.Stores.Copy("source", "destination");
            Assert.Equal(1, summary.Tables.Single(table => table.Table == "bypass_code").Rows);
            Assert.NotEqual(_world.Stores.Text("source", "SELECT hex(hash_key) FROM bypass_code"), _world.Stores.Text("destination", "SELECT hex(hash_key) FROM bypass_code"));
            using var destination = new SqliteStore(_world.Stores.PathOf("destination"));
            Assert.True(LogsIn(destination, code));
            Assert.Equal(2, destination.BypassCodes.List().Single().UsesLeft);
        }

        [Fact]
        public void An_exported_and_imported_configuration_keeps_the_codes()
        {
            var code = MakeCode("source");
            _world.Export("source", "file");
            _world.Import("file", "imported");
            using var imported = new SqliteStore(_world.Stores.PathOf("imported"));
            Assert.True(LogsIn(imported, code));
            Assert.False(LogsIn(imported, "000000000000"));
        }
    }
}
