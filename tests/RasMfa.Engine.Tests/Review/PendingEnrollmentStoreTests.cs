using System.Linq;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>Review R6 (mend): the store itself keeps a mailed enrolment to its confirmation and to its user, on both databases.</summary>
    public sealed class PendingEnrollmentStoreTests
    {
        private static OtpToken Pending(long userId) => new OtpToken(PendingEnrollmentSerial.New(userId), OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1));

        [Theory]
        [ClassData(typeof(BothStores))]
        public void Removing_a_user_removes_their_pending_enrolments_and_nobody_elses(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var store = test.Store;
            // Ids 1..11: user 1's pattern must not take user 11's enrolment.
            for (int i = 1; i <= 11; i++) store.Users.Add(new MfaUser("user" + i));
            var first = store.Users.Get("user1")!;
            var eleventh = store.Users.Get("user11")!;
            var mine = Pending(first.Id);
            var theirs = Pending(eleventh.Id);
            var spare = new OtpToken("SPARE-1", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1));
            foreach (var token in new[] { mine, theirs, spare }) store.Tokens.Add(token);

            store.Users.Remove("user1");

            var serials = store.Tokens.List().Select(t => t.Serial).ToList();
            Assert.DoesNotContain(mine.Serial, serials);
            Assert.Contains(theirs.Serial, serials);
            Assert.Contains("SPARE-1", serials);
        }

        [Theory]
        [ClassData(typeof(BothStores))]
        public void The_store_refuses_to_give_a_pending_enrolment_to_a_user(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var store = test.Store;
            store.Users.Add(new MfaUser("alice"));
            var alice = store.Users.Get("alice")!;
            var pending = Pending(alice.Id);
            store.Tokens.Add(pending);
            var byUpdate = Assert.ThrowsAny<EngineException>(() => store.Users.Update(alice, pending.Serial.ToLowerInvariant()));
            Assert.Equal("PendingEnrollmentNotAssignable", byUpdate.ErrorId);
            var byAssign = Assert.ThrowsAny<EngineException>(() => store.Tokens.Assign(pending.Serial, alice.Id));
            Assert.Equal("PendingEnrollmentNotAssignable", byAssign.ErrorId);
            Assert.Null(store.Tokens.GetBySerial(pending.Serial)!.UserId);
        }
    }
}
