using System;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>The login path's read by a directory account's names: exact names by key, one read, several users ambiguous.</summary>
    public sealed class LoginFindByNamesTests : IDisposable
    {
        private TestStore? _test;
        private SqlStore _store = null!;

        private void Open(StoreKind kind)
        {
            _test = TestStore.Open(kind);
            _store = _test.Store;
        }

        public void Dispose() => _test?.Dispose();

        [Theory, ClassData(typeof(BothStores))]
        public void Any_one_of_the_names_finds_the_user_with_their_token_without_case_or_accents(StoreKind kind)
        {
            Open(kind);
            var user = new MfaUser("Ålice.Smith@corp.example");
            _store.Users.Add(user);
            _store.Tokens.Add(new OtpToken("T-1", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = user.Id });
            var found = _store.Logins.FindByNames(new[] { "CORP\\asmith", "asmith", "alice.smith@CORP.example" });
            Assert.Equal(user.Id, found.Subject!.User.Id);
            Assert.Equal("T-1", found.Subject.Token!.Serial);
        }

        [Theory, ClassData(typeof(BothStores))]
        public void Names_are_matched_whole_not_by_the_name_rules(StoreKind kind)
        {
            Open(kind);
            _store.Users.Add(new MfaUser("OTHER\\asmith"));
            var found = _store.Logins.FindByNames(new[] { "CORP\\asmith", "asmith" });
            Assert.Null(found.Subject);
            Assert.False(found.IsAmbiguous);
        }

        [Theory, ClassData(typeof(BothStores))]
        public void Two_users_under_names_of_one_account_are_ambiguous_even_past_one_query_of_names(StoreKind kind)
        {
            Open(kind);
            _store.Users.Add(new MfaUser("asmith"));
            _store.Users.Add(new MfaUser("name-10"));
            var names = Enumerable.Range(0, 12).Select(i => "name-" + i).Concat(new[] { "asmith" }).ToList();
            var found = _store.Logins.FindByNames(names);
            Assert.True(found.IsAmbiguous);
            Assert.Null(found.Subject);
        }
    }
}
