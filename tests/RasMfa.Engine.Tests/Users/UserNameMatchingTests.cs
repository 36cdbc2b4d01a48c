using System;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Sqlite;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Users
{
    /// <summary>
    /// Issue 11 item 2, the admin's side: names that Active Directory takes for one person are one user here too (Get-,
    /// Set-, Import-RasMfaUser), and a store from before the name key gets its keys and keeps its users apart.
    /// </summary>
    public sealed class UserNameMatchingTests : IDisposable
    {
        private readonly TemporaryStore _temporary = new TemporaryStore();
        private readonly UserService _users;

        public UserNameMatchingTests() => _users = new UserService(_temporary.Store.Users);

        public void Dispose() => _temporary.Dispose();

        private static string ErrorId(Action action) => Assert.ThrowsAny<EngineException>(action).ErrorId;

        [Theory]
        [InlineData("łukasz", "ŁUKASZ")]
        [InlineData("björn", "BJORN")]
        [InlineData("björn", "bjo\u0308rn")]
        [InlineData("alice", "ａｌｉｃｅ")]
        [InlineData("straße", "STRASSE")]
        [InlineData("ærø", "AERO")]
        [InlineData("たなか", "タナカ")]
        [InlineData("CORP\\bob", "corp＼BOB")]
        [InlineData("bob@corp.example", "BOB＠CORP.EXAMPLE")]
        [InlineData("alice", "alice\U000E0100")]                  // a variation selector outside the BMP, as U+FE00 inside it
        [InlineData("\U00010400\U00010401", "\U00010428\U00010429")]
        [InlineData("sara", "sa\u0640ra")]                        // ARABIC TATWEEL, ignored by Windows and ICU sort keys
        [InlineData("\u0633\u0627", "\u0633\u0627\uFE73")]
        [InlineData("\u07D3\u07CA", "\u07D3\u07FA\u07CA")]
        [InlineData("\u182E\u1823", "\u182E\u180A\u1823")]
        [InlineData("\u0F40", "\u0F40\u0F3E\u0F3F")]
        public void Names_ad_takes_for_one_person_have_one_key(string a, string b)
        {
            Assert.Equal(UserNameKey.Of(a), UserNameKey.Of(b));
            Assert.True(UserNameKey.Comparer.Equals(a, b));
            Assert.Equal(UserNameKey.Comparer.GetHashCode(a), UserNameKey.Comparer.GetHashCode(b));
        }

        // Every cased script outside the BMP (Unicode 15): Deseret, Osage, Vithkuqi, Old Hungarian, Warang Citi, Medefaidrin, Adlam.
        [Theory]
        [InlineData(0x10400, 0x10428)]
        [InlineData(0x10427, 0x1044F)]
        [InlineData(0x104B0, 0x104D8)]
        [InlineData(0x104D3, 0x104FB)]
        [InlineData(0x10570, 0x10597)]
        [InlineData(0x10595, 0x105BC)]
        [InlineData(0x10C80, 0x10CC0)]
        [InlineData(0x10CB2, 0x10CF2)]
        [InlineData(0x118A0, 0x118C0)]
        [InlineData(0x118BF, 0x118DF)]
        [InlineData(0x16E40, 0x16E60)]
        [InlineData(0x16E5F, 0x16E7F)]
        [InlineData(0x1E900, 0x1E922)]
        [InlineData(0x1E921, 0x1E943)]
        public void A_letter_outside_the_bmp_and_its_small_form_have_one_key(int capital, int small) =>
            Assert.Equal(UserNameKey.Of("x" + char.ConvertFromUtf32(capital)), UserNameKey.Of("X" + char.ConvertFromUtf32(small)));

        // Against the running runtime's own case tables (on .NET 8 and later; .NET Framework's stop at the BMP), so that a
        // runtime that learns a new cased script makes this fail rather than let a name in the other case pass as unknown.
        [Fact]
        public void Every_letter_outside_the_bmp_that_the_runtime_upper_cases_has_the_key_of_its_upper_case()
        {
            var missed = new System.Collections.Generic.List<string>();
            for (int codePoint = 0x10000; codePoint <= 0x10FFFF; codePoint++)
            {
                var letter = char.ConvertFromUtf32(codePoint);
                var upper = letter.ToUpperInvariant();
                if (upper != letter && UserNameKey.Of(letter) != UserNameKey.Of(upper)) missed.Add(codePoint.ToString("X5"));
            }
            Assert.Empty(missed);
        }

        // xunit carries theory data through a serialisation that turns a lone surrogate into U+FFFD: '#' stands for U+D800,
        // '%' for U+DC00, put in here.
        private static string WithLoneSurrogates(string template) => template.Replace('#', (char)0xD800).Replace('%', (char)0xDC00);

        // Get-, Set-, Unlock-, Remove-RasMfaUser -UserName 'bob<U+D800>': an ErrorRecord with an id, not an unhandled exception.
        [Theory]
        [InlineData("bob#")]
        [InlineData("%bob")]
        [InlineData("b\u0301#\u0301ob")]
        public void An_admins_name_with_a_lone_surrogate_is_refused_with_an_error_id(string template)
        {
            var name = WithLoneSurrogates(template);
            _users.Add("bob", new UserChanges(), new RecordingReview());
            Assert.Equal("InvalidRasMfaUser", ErrorId(() => _users.Get(name)));
            Assert.Equal("InvalidRasMfaUser", ErrorId(() => _users.Unlock(name, new RecordingReview())));
            Assert.Equal("InvalidRasMfaUser", ErrorId(() => _users.Remove(name, new RecordingReview())));
            Assert.Equal("bob", _users.Get("bob").User.UserName);
        }

        [Theory]
        [InlineData("bob#")]
        [InlineData("%bob")]
        [InlineData("%#bob")]
        [InlineData("b\u0301#\u0301ob")]
        public void The_key_of_a_name_with_a_lone_surrogate_is_made_not_thrown(string template)
        {
            var name = WithLoneSurrogates(template);
            var key = UserNameKey.Of(name);
            Assert.Equal(key, UserNameKey.Of(name.ToUpperInvariant()));
            Assert.Contains("BOB", key.Replace(((char)0xD800).ToString(), "").Replace(((char)0xDC00).ToString(), ""));
        }

        [Theory]
        [InlineData("alice", "alicia")]
        [InlineData("bjorn", "bjoern")]
        [InlineData("CORP\\bob", "SALES\\bob")]
        [InlineData("jean luc", "jeanluc")]
        [InlineData("ann", "anna")]
        public void Different_names_keep_different_keys(string a, string b) => Assert.NotEqual(UserNameKey.Of(a), UserNameKey.Of(b));

        [Fact]
        public void Adding_the_same_person_spelt_otherwise_is_a_conflict_and_any_spelling_finds_them()
        {
            var lukasz = _users.Add("łukasz", new UserChanges(), new RecordingReview())!.User;
            Assert.Equal("DuplicateRasMfaUser", ErrorId(() => _users.Add("ŁUKASZ", new UserChanges(), new RecordingReview())));
            Assert.Equal("DuplicateRasMfaUser", ErrorId(() => _users.Add("Lukasz", new UserChanges(), new RecordingReview())));
            Assert.Equal(lukasz.Id, _users.Get("ŁUKASZ").User.Id);
            _users.Change("ŁUKASZ", new UserChanges { DisplayName = "Łukasz Nowak" }, new RecordingReview());
            Assert.Equal("Łukasz Nowak", _users.Get("łukasz").User.DisplayName);
            Assert.Equal("łukasz", _users.Get("ŁUKASZ").User.UserName);
            Assert.Single(_users.List());
        }

        [Fact]
        public void Renaming_onto_another_users_spelling_is_a_conflict_but_respelling_ones_own_name_is_not()
        {
            _users.Add("łukasz", new UserChanges(), new RecordingReview());
            _users.Add("bob", new UserChanges(), new RecordingReview());
            Assert.Equal("DuplicateRasMfaUser", ErrorId(() => _users.Change("bob", new UserChanges { NewUserName = "ŁUKASZ" }, new RecordingReview())));
            _users.Change("łukasz", new UserChanges { NewUserName = "Łukasz" }, new RecordingReview());
            Assert.Equal("Łukasz", _users.Get("ŁUKASZ").User.UserName);
        }

        [Fact]
        public void Importing_two_spellings_of_one_person_is_a_conflict_not_two_users()
        {
            var outcomes = UserImport.Apply(_temporary.Store.Users, new[]
            {
                new UserImportRow { UserName = "łukasz", Email = "lukasz@corp.example" },
                new UserImportRow { UserName = "ŁUKASZ", Email = "other@corp.example" },
            });
            Assert.Equal(new[] { UserImportStatus.Created, UserImportStatus.Failed }, outcomes.Select(o => o.Status).ToArray());
            Assert.Contains("one person", outcomes[1].Error);
            var again = UserImport.Apply(_temporary.Store.Users, new[] { new UserImportRow { UserName = "ŁUKASZ", DisplayName = "Łukasz" } });
            Assert.Equal(UserImportStatus.Updated, again[0].Status);
            var only = Assert.Single(_temporary.Store.Users.List());
            Assert.Equal(("łukasz", "Łukasz", "lukasz@corp.example"), (only.UserName, only.DisplayName, only.Email));
        }

        [Theory]
        [InlineData("alice\u200b")]
        [InlineData("alice\u0000")]
        [InlineData("\u202ealice")]
        [InlineData("alice\u3164")]
        public void A_name_no_client_could_log_in_with_is_refused(string name)
        {
            Assert.Equal("InvalidRasMfaUser", ErrorId(() => _users.Add(name, new UserChanges(), new RecordingReview())));
            Assert.Equal(UserImportStatus.Failed, UserImport.Apply(_temporary.Store.Users, new[] { new UserImportRow { UserName = name } })[0].Status);
        }

        [Fact]
        public void A_name_with_a_lone_surrogate_is_refused() => A_name_no_client_could_log_in_with_is_refused("alice" + (char)0xD800);

        // Keys written by a RasMfa that walked names one UTF-16 unit at a time kept a small Deseret letter small: computed
        // again when the store is opened, the user is found under the capital letters.
        [Fact]
        public void A_store_whose_keys_left_letters_outside_the_bmp_unfolded_gets_its_keys_again()
        {
            var folder = Path.Combine(Path.GetTempPath(), "rasmfa-v9-" + Guid.NewGuid().ToString("N"));
            var path = Path.Combine(folder, "rasmfa.db");
            try
            {
                var platform = StorePlatforms.ForThisMachine();
                StoreFolderGuard.Prepare(new StoreFiles(path, SecretProtectors.KeyMaterialFileName(platform)), platform);
                using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, ForeignKeys = true, Pooling = false }.ToString()))
                {
                    connection.Open();
                    SchemaMigrations.Apply(connection, 9);
                    using var command = connection.CreateCommand();
                    command.CommandText = "INSERT INTO mfa_user (id, user_name, bare_name, name_key, bare_key, enabled, created_utc, modified_utc) VALUES " +
                        "(7, $name, $name, $name, $name, 1, '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z')";
                    command.Parameters.AddWithValue("$name", "\U00010428\U00010429");
                    command.ExecuteNonQuery();
                }

                using var store = new SqliteStore(path, new TemporaryStore.CountingProtector());
                Assert.Equal(7L, store.Logins.Find("\U00010400\U00010401").Subject?.User.Id);
                Assert.Equal(7L, new UserService(store.Users).Get("\U00010400\U00010401").User.Id);
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                try { Directory.Delete(folder, true); } catch (IOException) { }
            }
        }

        [Fact]
        public void A_store_from_before_the_name_key_gets_keys_and_users_it_kept_apart_stay_apart()
        {
            var folder = Path.Combine(Path.GetTempPath(), "rasmfa-v5-" + Guid.NewGuid().ToString("N"));
            var path = Path.Combine(folder, "rasmfa.db");
            try
            {
                var platform = StorePlatforms.ForThisMachine();
                StoreFolderGuard.Prepare(new StoreFiles(path, SecretProtectors.KeyMaterialFileName(platform)), platform);
                using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, ForeignKeys = true, Pooling = false }.ToString()))
                {
                    connection.Open();
                    SchemaMigrations.Apply(connection, 5);
                    using var command = connection.CreateCommand();
                    // NOCASE folded ASCII only, so 'ŁUKASZ' and 'łukasz' were two users.
                    command.CommandText = string.Concat(new[] { (7, "björn", "björn"), (8, "łukasz", "łukasz"), (9, "ŁUKASZ", "ŁUKASZ"), (10, "CORP\\carol", "carol") }.Select(row =>
                        $"INSERT INTO mfa_user (id, user_name, bare_name, enabled, created_utc, modified_utc) VALUES ({row.Item1}, '{row.Item2}', '{row.Item3}', 1, '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z');"));
                    command.ExecuteNonQuery();
                }

                using var store = new SqliteStore(path, new TemporaryStore.CountingProtector());
                Assert.Equal(7L, store.Logins.Find("BJORN").Subject!.User.Id);
                Assert.Equal(10L, store.Logins.Find("ＣＡＲＯＬ").Subject!.User.Id);
                Assert.True(store.Logins.Find("Łukasz").IsAmbiguous);
                var users = new UserService(store.Users);
                Assert.Equal(9L, users.Get("ŁUKASZ").User.Id);
                Assert.Equal(8L, users.Get("łukasz").User.Id);
                Assert.Equal("AmbiguousRasMfaUser", ErrorId(() => users.Get("Łukasz")));
                // Either may still be changed under its exact name, then one removed to end the ambiguity.
                users.SetEnabled("łukasz", false, new RecordingReview());
                users.Remove("ŁUKASZ", new RecordingReview());
                Assert.Equal(8L, store.Logins.Find("Łukasz").Subject!.User.Id);
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                try { Directory.Delete(folder, true); } catch (IOException) { }
            }
        }
    }
}
