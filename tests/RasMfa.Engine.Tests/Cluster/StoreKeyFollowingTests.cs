using System;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.PostgreSql;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Storage;
using RasMfa.Engine.Tests.Storage.PostgreSql;
using RasMfa.Engine.Tokens;
using Xunit;

namespace RasMfa.Engine.Tests.Cluster
{
    /// <summary>
    /// Issue 12: running listeners follow the shared store's key. A rotation (Update-RasMfaStoreKey) reseals every secret
    /// with a new key; a listener that opened the store before it must not fault on every login until a restart. It takes
    /// the new key from its server's key files (at once on the rotating server, after Join-RasMfaStore on the others); until
    /// then it answers as StoreUnavailableAnswer says, never Accept. Only a PostgreSQL store has such a key (SQLite's
    /// rasmfa.key or DPAPI entropy is never rotated under a running process), so these run on PostgreSQL only.
    /// </summary>
    public sealed class StoreKeyFollowingTests : IDisposable
    {
        private const string NewPassphrase = "a new passphrase for the new key";
        private TwoServers _s = null!;
        private DateTime _followerNow = new DateTime(2026, 11, 29, 9, 0, 0, DateTimeKind.Utc);

        public void Dispose() => _s?.Dispose();

        private string StoreId => ((PostgreSqlStore)_s.Store).StoreId;

        private StoreKeyFollower FollowerOfB => ((SqlStore)_s.StoreB).KeyFollower!;

        // applySchema: false leaves the schema step (which takes the administrative lock) out, for a test that holds that lock.
        private void Rotate(string keyFolder, string passphrase = NewPassphrase, bool applySchema = true)
        {
            using var keyless = StoreKeyService.OpenKeyless(_s.Database.ConnectionString, keyFolder, applySchema);
            StoreKeyRotation.Rotate(keyless, passphrase, new RecordingReview(), "HOST-A", DateTime.UtcNow);
        }

        private void Join(string keyFolder, string passphrase)
        {
            using var keyless = StoreKeyService.OpenKeyless(_s.Database.ConnectionString, keyFolder, applySchema: true);
            StoreJoining.Join(keyless, passphrase, new RecordingReview());
        }

        /// <summary>What the client sees of one new login with the code of this step: the answer's code, or "none" when withheld.</summary>
        private async Task<string> LoginWithCode(MfaRequestHandler server, OtpToken token)
        {
            try
            {
                return (await _s.Send(server, _s.Request("alice", _s.CodeAt(token)))).Code.ToString();
            }
            catch (AnswerWithheldException)
            {
                return "none";
            }
        }

        private async Task<string> NextLoginWithCode(MfaRequestHandler server, OtpToken token)
        {
            _s.Now += TimeSpan.FromSeconds(30);
            return await LoginWithCode(server, token);
        }

        [Fact]
        public async Task A_rotation_in_another_session_on_this_server_is_followed_and_the_next_login_with_a_code_is_accepted_without_a_restart()
        {
            _s = new TwoServers(StoreKind.PostgreSql); // A and B: two listeners on one machine, one key folder
            var token = _s.Enrol("alice");
            Assert.Equal("AccessAccept", await LoginWithCode(_s.B, token));
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.B, _s.Request("mallory", "123456"))).Code);

            Rotate(_s.Database.KeyFolder);

            Assert.Equal("AccessAccept", await NextLoginWithCode(_s.B, token));
            Assert.Equal("AccessAccept", await NextLoginWithCode(_s.A, token));
            // An unknown name still unseals a secret (so that its answer takes as long): one sealed with the key followed.
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.B, _s.Request("mallory", "123456"))).Code);
            Assert.Equal(1, FollowerOfB.Held.Generation);
            Assert.False(FollowerOfB.IsStale);
        }

        [Fact]
        public async Task While_a_rotation_waits_for_its_commit_both_servers_answer_with_the_old_key_and_after_it_with_the_new()
        {
            _s = new TwoServers(StoreKind.PostgreSql);
            var token = _s.Enrol("alice");
            var keys = new LocalStoreKeys(_s.Database.KeyFolder, StorePlatforms.ForThisMachine());
            Task rotation;
            // An admin's session holds the administrative lock: the rotation saves its new key pending, then waits to reseal.
            using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_s.Database.ConnectionString) { Pooling = false }.ConnectionString))
            {
                admin.Open();
                using (var transaction = admin.BeginTransaction())
                {
                    using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PostgreSqlDialect.AdministrativeLock})", admin, transaction)) take.ExecuteNonQuery();
                    rotation = Task.Run(() => Rotate(_s.Database.KeyFolder, applySchema: false));
                    Assert.True(AdvisoryLockWaiters.WaitUntil(() => rotation.IsCompleted || (keys.HasPending(StoreId) && AdvisoryLockWaiters.Count(_s.Database.ConnectionString) > 0),
                        TimeSpan.FromSeconds(30)));
                    Assert.False(rotation.IsCompleted);

                    Assert.Equal("AccessAccept", await LoginWithCode(_s.B, token));
                    Assert.Equal("AccessAccept", await NextLoginWithCode(_s.A, token));
                    // B looking at the store's key now keeps the old one: the pending key does not open the store yet and is not taken.
                    FollowerOfB.Check();
                    Assert.Equal(0, FollowerOfB.Held.Generation);
                    transaction.Commit();
                }
            }
            await rotation;
            Assert.Equal("AccessAccept", await NextLoginWithCode(_s.B, token));
            Assert.Equal(1, FollowerOfB.Held.Generation);
        }

        [Fact]
        public async Task A_login_between_the_rotations_commit_and_its_key_taking_the_old_ones_place_is_accepted_with_the_pending_key()
        {
            _s = new TwoServers(StoreKind.PostgreSql);
            var token = _s.Enrol("alice");
            var keys = new LocalStoreKeys(_s.Database.KeyFolder, StorePlatforms.ForThisMachine());
            var oldKey = keys.Load(StoreId);
            Rotate(_s.Database.KeyFolder);
            // As the rotation leaves this server's files between the store's commit and the move: the new key pending, the old in place.
            var newKey = keys.Load(StoreId);
            keys.SavePending(StoreId, newKey);
            keys.Save(StoreId, oldKey);

            Assert.Equal("AccessAccept", await NextLoginWithCode(_s.B, token));
            Assert.Equal(newKey, keys.Load(StoreId)); // the rotation's move finished by the listener
            Assert.False(keys.HasPending(StoreId));
        }

        [Fact]
        public async Task A_running_listener_never_goes_back_to_a_key_its_server_retired_even_when_the_database_is_moved_back_onto_it()
        {
            _s = new TwoServers(StoreKind.PostgreSql);
            var token = _s.Enrol("alice");
            FollowerOfB.Clock = () => _followerNow;
            var oldKey = new LocalStoreKeys(_s.Database.KeyFolder, StorePlatforms.ForThisMachine()).Load(StoreId);
            Rotate(_s.Database.KeyFolder); // the old key leaked (a retired server's file): the admin rotates
            Assert.Equal("AccessAccept", await NextLoginWithCode(_s.B, token));

            // Whoever kept the old key and can write the database moves the store back onto it, with a token seed of their own.
            var planted = new OtpToken("planted", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1));
            var old = AesGcmSecretProtector.ForStoreKey(oldKey);
            using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_s.Database.ConnectionString) { Pooling = false }.ConnectionString))
            {
                connection.Open();
                using var transaction = connection.BeginTransaction();
                StoreKeyCheck.SealKnown(connection, transaction, old);
                using (var update = new NpgsqlCommand("UPDATE otp_token SET secret = @secret", connection, transaction))
                {
                    update.Parameters.AddWithValue("secret", old.Protect(planted.Secret));
                    update.ExecuteNonQuery();
                }
                transaction.Commit();
            }
            _followerNow += StoreKeyFollower.RetryInterval;
            _s.Now += TimeSpan.FromSeconds(30);
            Assert.Equal("none", await LoginWithCode(_s.B, planted));
            Assert.True(FollowerOfB.IsStale);
            Assert.Equal(1, FollowerOfB.Held.Generation);
        }

        [Fact]
        public async Task A_server_on_another_machine_refuses_cleanly_after_a_rotation_until_it_joins_and_then_accepts_without_a_restart()
        {
            _s = new TwoServers(StoreKind.PostgreSql, bOnAnotherMachine: true);
            var keysOfB = _s.KeyFolderOfB!;
            var token = _s.Enrol("alice");
            var log = new MemoryLog();
            FollowerOfB.Logger = log.CreateLogger("RasMfa.Store");
            FollowerOfB.Clock = () => _followerNow;
            Assert.Equal("AccessAccept", await LoginWithCode(_s.B, token));

            Rotate(_s.Database.KeyFolder); // on server A, whose files B does not share

            // B cannot open the token's secret: each login is withheld (the default StoreUnavailableAnswer, Silence), so RAS
            // takes A's answer; a flood of them looks at the key once per interval, and says once what to do.
            _s.Now += TimeSpan.FromSeconds(30);
            for (int i = 0; i < 20; i++) Assert.Equal("none", await LoginWithCode(_s.B, token));
            Assert.Equal(1, FollowerOfB.Reloads);
            Assert.True(FollowerOfB.IsStale);
            var said = log.Since(0).Where(entry => entry.Message.Contains("Join-RasMfaStore")).ToList();
            Assert.Single(said);
            Assert.Equal("AccessAccept", await LoginWithCode(_s.A, token));
            _s.Settings = new MfaSettings { StoreUnavailableAnswer = StoreUnavailableAnswer.Reject };
            Assert.Equal("AccessReject", await NextLoginWithCode(_s.B, token));
            Assert.Equal(0, _s.User("alice").FailedAttempts); // nothing is counted against alice meanwhile

            // A wrong key file on B (another store's, a bad restore): still refused, never accepted.
            var wrong = new byte[32];
            new Random(11).NextBytes(wrong);
            new LocalStoreKeys(keysOfB, StorePlatforms.ForThisMachine()).Save(StoreId, wrong);
            _followerNow += StoreKeyFollower.RetryInterval;
            Assert.Equal("AccessReject", await NextLoginWithCode(_s.B, token));
            Assert.Equal(2, FollowerOfB.Reloads);

            // The admin joins B with the new passphrase: B's next login is accepted, with no restart.
            Join(keysOfB, NewPassphrase);
            _followerNow += StoreKeyFollower.RetryInterval;
            Assert.Equal("AccessAccept", await NextLoginWithCode(_s.B, token));
            Assert.False(FollowerOfB.IsStale);
            Assert.Contains(log.Since(0), entry => entry.Message.Contains("without a restart") && entry.Level == LogLevel.Warning);
        }

        [Fact]
        public void A_listener_whose_key_is_stale_keeps_its_clients_and_reloads_them_once_it_follows_the_joined_key()
        {
            _s = new TwoServers(StoreKind.PostgreSql, bOnAnotherMachine: true);
            var keysOfB = _s.KeyFolderOfB!;
            FollowerOfB.Clock = () => _followerNow;
            var address = IPAddress.Parse("10.0.0.21");
            _s.Store.Clients.Add(new RadiusClientDefinition("RAS01", IpNetwork.Parse("10.0.0.21"), Encoding.UTF8.GetBytes("a-shared-secret-for-tests")));
            using var watcher = new ConfigurationWatcher(_s.StoreB, TimeSpan.FromHours(1), NullLogger.Instance);
            Assert.Null(watcher.Current.Find(address)!.Unreadable);

            Rotate(_s.Database.KeyFolder);
            _s.Store.Clients.Add(new RadiusClientDefinition("VPN01", IpNetwork.Parse("10.0.0.22"), Encoding.UTF8.GetBytes("another-shared-secret-xyz")));
            watcher.Poll();
            Assert.True(FollowerOfB.IsStale);
            // The client it served keeps being served with its secret, rather than disabled as unreadable.
            Assert.Equal("a-shared-secret-for-tests", Encoding.UTF8.GetString(watcher.Current.Find(address)!.SharedSecret!));
            Assert.Null(watcher.Current.Find(IPAddress.Parse("10.0.0.22")));

            Join(keysOfB, NewPassphrase);
            _followerNow += StoreKeyFollower.RetryInterval;
            watcher.Poll();
            Assert.False(FollowerOfB.IsStale);
            Assert.Null(watcher.Current.Find(address)!.Unreadable);
            Assert.Equal("another-shared-secret-xyz", Encoding.UTF8.GetString(watcher.Current.Find(IPAddress.Parse("10.0.0.22"))!.SharedSecret!));
        }
    }
}
