using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Sqlite;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Mfa;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>A user holds several tokens, one the default (set, else the oldest): schema 5, the admin rules and the login.</summary>
    public sealed class SeveralTokensTests : IDisposable
    {
        private static readonly byte[] HotpSecret = Encoding.ASCII.GetBytes("12345678901234567890");
        private TestStore? _test;
        private UserService _users = null!;

        private SqlStore Store => _test!.Store;

        private void Open(StoreKind kind)
        {
            _test = TestStore.Open(kind, new TemporaryStore.CountingProtector());
            _users = new UserService(Store.Users);
        }

        private void AddToken(string serial, long? userId) =>
            Store.Tokens.Add(new OtpToken(serial, OtpTokenType.Hotp, HotpSecret) { UserId = userId });

        [Fact]
        public void A_version_4_store_with_one_token_per_user_opens_keeps_every_row_and_id_and_then_takes_a_second_token()
        {
            var folder = Path.Combine(Path.GetTempPath(), "rasmfa-v4-" + Guid.NewGuid().ToString("N"));
            var path = Path.Combine(folder, "rasmfa.db");
            var protector = new TemporaryStore.CountingProtector();
            try
            {
                var platform = StorePlatforms.ForThisMachine();
                StoreFolderGuard.Prepare(new StoreFiles(path, SecretProtectors.KeyMaterialFileName(platform)), platform);
                using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, ForeignKeys = true, Pooling = false }.ToString()))
                {
                    connection.Open();
                    SchemaMigrations.Apply(connection, 4);
                    using var command = connection.CreateCommand();
                    command.CommandText =
                        "INSERT INTO mfa_user (id, user_name, bare_name, enabled, created_utc, modified_utc) VALUES (7, 'alice', 'alice', 1, '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z');" +
                        "INSERT INTO mfa_user (id, user_name, bare_name, enabled, created_utc, modified_utc) VALUES (9, 'bob', 'bob', 1, '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z');" +
                        "INSERT INTO otp_token (id, serial, user_id, type, secret, algorithm, digits, period, counter, last_used_step, drift_steps, created_utc) " +
                        "VALUES (41, 'OLD-ALICE', 7, 'Totp', $secret, 'Sha1', 6, 30, 0, 123456, 1, '2026-01-01T00:00:00.0000000Z');" +
                        "INSERT INTO otp_token (id, serial, user_id, type, secret, algorithm, digits, period, counter, drift_steps, created_utc) " +
                        "VALUES (43, 'OLD-BOB', 9, 'Hotp', $secret, 'Sha1', 6, 30, 17, 0, '2026-01-01T00:00:00.0000000Z');" +
                        "INSERT INTO otp_token (id, serial, type, secret, algorithm, digits, period, counter, drift_steps, created_utc) " +
                        "VALUES (45, 'SPARE', 'Hotp', $secret, 'Sha1', 6, 30, 0, 0, '2026-01-01T00:00:00.0000000Z');";
                    command.Parameters.AddWithValue("$secret", protector.Protect(HotpSecret));
                    command.ExecuteNonQuery();
                    // The old schema refused a second token for a user.
                    command.CommandText = "UPDATE otp_token SET user_id = 7 WHERE serial = 'SPARE'";
                    Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
                }

                using var store = new SqliteStore(path, protector);
                using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
                using (var version = connection.CreateCommand())
                {
                    connection.Open();
                    version.CommandText = "PRAGMA user_version";
                    Assert.Equal((long)SchemaMigrations.Latest, (long)version.ExecuteScalar()!);
                }
                var tokens = store.Tokens.List().ToDictionary(t => t.Serial);
                Assert.Equal(3, tokens.Count);
                Assert.Equal((41L, 7L, OtpTokenType.Totp, 123456L, 1), (tokens["OLD-ALICE"].Id, tokens["OLD-ALICE"].UserId!.Value, tokens["OLD-ALICE"].Type, tokens["OLD-ALICE"].LastUsedStep!.Value, tokens["OLD-ALICE"].DriftSteps));
                Assert.Equal((43L, 9L, 17L), (tokens["OLD-BOB"].Id, tokens["OLD-BOB"].UserId!.Value, tokens["OLD-BOB"].Counter));
                Assert.Equal((45L, (long?)null), (tokens["SPARE"].Id, tokens["SPARE"].UserId));
                Assert.Equal(HotpSecret, tokens["OLD-ALICE"].Secret);

                var users = new UserService(store.Users);
                Assert.Equal(7L, users.Get("alice").User.Id);
                var alice = users.Change("alice", new UserChanges { TokenSerial = "SPARE" }, new RecordingReview())!;
                Assert.Equal(new[] { "OLD-ALICE", "SPARE" }, alice.TokenSerials);
                Assert.Equal("OLD-ALICE", alice.DefaultTokenSerial);
                Assert.Equal(new[] { "OLD-ALICE", "SPARE" }, store.Logins.Find("alice").Subject!.Tokens.Select(t => t.Serial));
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                try { Directory.Delete(folder, true); } catch (IOException) { }
            }
        }

        [Theory, ClassData(typeof(BothStores))]
        public void The_default_is_the_one_set_else_the_oldest_and_the_next_oldest_takes_over_when_it_goes(StoreKind kind)
        {
            Open(kind);
            var alice = _users.Add("alice", new UserChanges(), new RecordingReview())!.User;
            var bob = _users.Add("bob", new UserChanges(), new RecordingReview())!.User;
            AddToken("HW-1", alice.Id);
            AddToken("HW-2", alice.Id);
            AddToken("HW-3", alice.Id);
            AddToken("HW-B", bob.Id);
            Assert.Equal(new[] { "HW-1", "HW-2", "HW-3" }, _users.Get("alice").TokenSerials);

            var changed = _users.Change("alice", new UserChanges { DefaultTokenSerial = "hw-3" }, new RecordingReview())!;
            Assert.Equal(new[] { "HW-3", "HW-1", "HW-2" }, changed.TokenSerials);
            Assert.Equal("HW-3", _users.List().Single(u => u.User.UserName == "alice").DefaultTokenSerial);
            Assert.Equal(new[] { "HW-3", "HW-1", "HW-2" }, Store.Logins.Find("alice").Subject!.Tokens.Select(t => t.Serial));

            // Another user's token, or none at all, is refused and changes nothing.
            var refused = Assert.ThrowsAny<EngineException>(() => _users.Change("alice", new UserChanges { DisplayName = "Alice", DefaultTokenSerial = "HW-B" }, new RecordingReview()));
            Assert.Equal(("TokenNotHeldByUser", EngineErrorKind.InvalidArgument), (refused.ErrorId, refused.Kind));
            Assert.Contains("HW-3, HW-1, HW-2", refused.Message);
            Assert.Null(_users.Get("alice").User.DisplayName);
            Assert.Equal("TokenNotHeldByUser", Assert.ThrowsAny<EngineException>(() => _users.Change("alice", new UserChanges { DefaultTokenSerial = "NOPE" }, new RecordingReview())).ErrorId);

            // The default removed: the oldest left takes over; given to someone else: the same.
            Store.Tokens.Remove("HW-3");
            Assert.Equal(new[] { "HW-1", "HW-2" }, _users.Get("alice").TokenSerials);
            _users.Change("alice", new UserChanges { DefaultTokenSerial = "HW-2" }, new RecordingReview());
            Assert.Equal("HW-2", _users.Get("alice").DefaultTokenSerial);
            _users.Change("bob", new UserChanges { TokenSerial = "HW-2" }, new RecordingReview());
            Assert.Equal(new[] { "HW-1" }, _users.Get("alice").TokenSerials);
            Assert.Equal(new[] { "HW-B", "HW-2" }, _users.Get("bob").TokenSerials); // HW-B stays the default though HW-2 is older

            // A token given and made default in one change.
            AddToken("HW-4", null);
            Assert.Equal(new[] { "HW-4", "HW-1" }, _users.Change("alice", new UserChanges { TokenSerial = "HW-4", DefaultTokenSerial = "HW-4" }, new RecordingReview())!.TokenSerials);

            // A new token whose id a removed default once had does not inherit the default.
            Store.Tokens.Remove("HW-4");
            AddToken("HW-5", alice.Id);
            Assert.Equal(new[] { "HW-1", "HW-5" }, _users.Get("alice").TokenSerials);
        }

        [Theory, ClassData(typeof(BothStores))]
        public void Registering_again_adds_a_token_and_force_replaces_them_all(StoreKind kind)
        {
            Open(kind);
            var tokens = new TokenService(Store.Tokens, Store.Users, Store.Settings);
            _users.Add("alice", new UserChanges(), new RecordingReview());
            var first = tokens.RegisterTotp("alice", "RasMfa", 6, OtpAlgorithm.Sha1, false, new RecordingReview())!;
            var second = tokens.RegisterTotp("alice", "RasMfa", 6, OtpAlgorithm.Sha1, false, new RecordingReview())!;
            Assert.Empty(second.ReplacedSerials);
            Assert.Equal(new[] { first.Serial, second.Serial }, _users.Get("alice").TokenSerials);
            var review = new RecordingReview();
            var third = tokens.RegisterTotp("alice", "RasMfa", 6, OtpAlgorithm.Sha1, true, review)!;
            Assert.Equal(new[] { first.Serial, second.Serial }, third.ReplacedSerials);
            Assert.Equal(2, review.Warnings.Count);
            Assert.Equal(new[] { third.Serial }, _users.Get("alice").TokenSerials);
        }

        [Fact]
        public void A_login_is_accepted_with_either_tokens_code()
        {
            using var fixture = new MfaFixture();
            var phone = fixture.Enrol("alice");
            var replacement = new OtpToken("token-alice-2", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = phone.UserId };
            fixture.Store.Tokens.Add(replacement);

            Assert.Equal(RadiusCode.AccessAccept, fixture.Pap("alice", fixture.CodeAt(replacement)).Code);
            Assert.Equal(RadiusCode.AccessAccept, fixture.Pap("alice", fixture.CodeAt(phone)).Code);
            fixture.Now = fixture.Now.AddSeconds(30);
            var challenge = fixture.Pap("alice", "");
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            Assert.Equal(RadiusCode.AccessAccept, fixture.Pap("alice", fixture.CodeAt(replacement), challenge.State).Code);
            Assert.Equal(RadiusCode.AccessReject, fixture.Pap("alice", fixture.CodeAt(replacement)).Code);
        }

        public void Dispose() => _test?.Dispose();
    }
}
