using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.PostgreSql;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.PostgreSql
{
    /// <summary>
    /// Review R2 (store secrets): two key rotations started at once on one server (two admins, two sessions). Each keeps its
    /// new key under the same pending name, so the second overwrites the first's; the first then promotes a key the store
    /// never committed, or the second finds its pending file gone and succeeds without moving its key into place. And an
    /// escrow replaced (Add-RasMfaStoreKey -Force) while another session rotates the key.
    /// </summary>
    public sealed class SharedStoreKeyRaceTests : IDisposable
    {
        private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
        private readonly SharedStoreKeyWorld _world = new SharedStoreKeyWorld();

        public SharedStoreKeyRaceTests() => _world.AddEscrow("a");

        public void Dispose() => _world.Dispose();

        [Fact]
        public void Two_rotations_at_once_on_one_server_leave_it_holding_the_key_that_opens_the_store()
        {
            using var bothAsked = new CountdownEvent(2);
            using var go = new ManualResetEventSlim(false);
            var review = new HeldReview(bothAsked, go);
            var first = Task.Run(() => Rotate("first passphrase of the two", review));
            var second = Task.Run(() => Rotate("second passphrase of the two", review));
            Assert.True(bothAsked.Wait(Limit), "both rotations reach their confirmation");

            // Both go on from their confirmation (each saves its pending key) and then wait for the administrative lock held here.
            using (var blocker = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_world.ConnectionString) { Pooling = false }.ConnectionString))
            {
                blocker.Open();
                using var transaction = blocker.BeginTransaction();
                using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PostgreSqlDialect.AdministrativeLock})", blocker, transaction))
                    take.ExecuteNonQuery();
                go.Set();
                Assert.True(AdvisoryLockWaiters.WaitUntil(() => AdvisoryLockWaiters.Count(_world.ConnectionString) == 2, Limit), "both rotations wait for the lock");
                transaction.Rollback();
            }
            var outcomes = new[] { Outcome(first), Outcome(second) };
            Assert.Contains(outcomes, o => o == null); // at least one rotation said it succeeded

            // What the admin then sees: the server that rotated cannot open its own store (StoreKeyMismatch) until it joins again.
            var refused = Record.Exception(() => _world.Open("a").Dispose());
            Assert.Null(refused);
        }

        [Fact]
        public void An_escrow_replaced_while_another_session_rotates_the_key_joins_a_server_with_the_passphrase_that_made_it()
        {
            const string ReplacingPassphrase = "the passphrase of the replacing escrow";
            const string RotationPassphrase = "the passphrase of the rotation";
            // The admin confirms Add-RasMfaStoreKey -Force while, in another session on this server, Update-RasMfaStoreKey runs to its end.
            var review = new CallbackReview(() => Rotate(RotationPassphrase, new CallbackReview(() => { })));
            var refused = Record.Exception(() =>
            {
                using var store = StoreKeyService.OpenKeyless(_world.ConnectionString, _world.KeyFolder("a"), applySchema: true);
                StoreKeyEscrowing.Add(store, ReplacingPassphrase, replace: true, review, "HOST-A", DateTime.UtcNow);
            });

            // An escrow reported as made joins with its passphrase; a refused one left the rotation's in place. Today the
            // escrow is reported as made but wraps the key the rotation retired: StoreKeyEscrowStale, and no passphrase joins.
            var joined = _world.Join("b", refused == null ? ReplacingPassphrase : RotationPassphrase);
            Assert.False(joined!.AlreadyJoined);
            Assert.Equal(SharedStoreKeyWorld.ClientSecret, _world.SecretsSeenBy("b").ClientSecret);
        }

        private StoreKeyRotationResult? Rotate(string passphrase, IChangeReview review)
        {
            using var store = StoreKeyService.OpenKeyless(_world.ConnectionString, _world.KeyFolder("a"), applySchema: true);
            return StoreKeyRotation.Rotate(store, passphrase, review, "HOST-A", DateTime.UtcNow);
        }

        private static Exception? Outcome(Task task)
        {
            try
            {
                Assert.True(task.Wait(Limit), "the rotation ends");
                return null;
            }
            catch (AggregateException e)
            {
                return e.InnerException;
            }
        }

        // Approves after running what another session does meanwhile.
        private sealed class CallbackReview : IChangeReview
        {
            private readonly Action _meanwhile;

            public CallbackReview(Action meanwhile) => _meanwhile = meanwhile;

            public void Warn(string message)
            {
            }

            public bool Approve(string target, string action)
            {
                _meanwhile();
                return true;
            }
        }

        // Approves once both rotations have asked and the test lets them go.
        private sealed class HeldReview : IChangeReview
        {
            private readonly CountdownEvent _asked;
            private readonly ManualResetEventSlim _go;

            public HeldReview(CountdownEvent asked, ManualResetEventSlim go)
            {
                _asked = asked;
                _go = go;
            }

            public void Warn(string message)
            {
            }

            public bool Approve(string target, string action)
            {
                _asked.Signal();
                return _go.Wait(Limit);
            }
        }
    }
}
