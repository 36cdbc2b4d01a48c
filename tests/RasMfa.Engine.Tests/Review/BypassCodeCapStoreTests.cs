using System;
using System.Linq;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Audit;
using RasMfa.Engine.BypassCodes;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>Review R6 (mend): the cap of usable bypass codes a user holds is kept by the store's write, not only by a read before it.</summary>
    public sealed class BypassCodeCapStoreTests
    {
        [Theory]
        [ClassData(typeof(BothStores))]
        public void A_write_that_would_pass_the_cap_is_refused_even_when_the_check_before_it_passed(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var store = test.Store;
            store.Users.Add(new MfaUser("alice"));
            var alice = store.Users.Get("alice")!;
            var now = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
            NewBypassCode Row()
            {
                var key = BypassCodeSecret.NewKey();
                return new NewBypassCode(key, BypassCodeSecret.Hash(key, BypassCodeSecret.NewCode()), 1, now, now.AddDays(1), "CORP\\admin");
            }
            AuthenticationRecord Audit() => new AuthenticationRecord { TimeUtc = now, UserName = "alice", Result = BypassCodeService.CreatedResult, Method = BypassCodeService.MethodName };
            // Another session's codes, written after this session's service counted none.
            store.BypassCodes.Add(alice.Id, Enumerable.Range(0, 6).Select(_ => Row()).ToList(), Audit(), BypassCodeService.MaxLivePerUser);
            var refused = Assert.ThrowsAny<EngineException>(() =>
                store.BypassCodes.Add(alice.Id, Enumerable.Range(0, 6).Select(_ => Row()).ToList(), Audit(), BypassCodeService.MaxLivePerUser));
            Assert.Equal("BypassCodeLimitReached", refused.ErrorId);
            Assert.Equal(6, store.BypassCodes.List(alice.Id).Count);
        }
    }
}
