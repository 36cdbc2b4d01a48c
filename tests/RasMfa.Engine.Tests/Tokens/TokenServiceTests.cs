using System;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Tokens
{
    public sealed class TokenServiceTests : IDisposable
    {
        private readonly TemporaryStore _temporary = new TemporaryStore();
        private readonly TokenService _tokens;

        public TokenServiceTests()
        {
            _tokens = new TokenService(_temporary.Store.Tokens, _temporary.Store.Users, _temporary.Store.Settings);
            new UserService(_temporary.Store.Users).Add("alice", new UserChanges(), new RecordingReview());
        }

        private TotpRegistration? Register(string userName, bool replace, RecordingReview review) =>
            _tokens.RegisterTotp(userName, "RasMfa", 6, OtpAlgorithm.Sha1, replace, review);

        [Fact]
        public void Enrolling_an_unknown_user_is_not_found_enrolling_twice_adds_and_replacing_removes_the_others()
        {
            var unknown = Assert.ThrowsAny<EngineException>(() => Register("bob", false, new RecordingReview()));
            Assert.Equal(("RasMfaUserNotFound", EngineErrorKind.NotFound), (unknown.ErrorId, unknown.Kind));
            var first = Register("alice", false, new RecordingReview())!;
            var twice = Register("alice", false, new RecordingReview())!;
            Assert.Empty(twice.ReplacedSerials);
            Assert.Equal(2, _tokens.List().Count);
            var review = new RecordingReview();
            var second = Register("alice", true, review)!;
            Assert.Equal(new[] { first.Serial, twice.Serial }, second.ReplacedSerials);
            Assert.Contains(first.Serial, review.Warnings[0]);
            Assert.Equal(second.Serial, Assert.Single(_tokens.List()).Serial);
        }

        [Fact]
        public void An_unknown_serial_is_not_found_and_a_declined_review_keeps_the_token()
        {
            var missing = Assert.ThrowsAny<EngineException>(() => _tokens.Sync("NOPE", "123456", "234567", DateTime.UtcNow, new RecordingReview()));
            Assert.Equal(("TokenNotFound", EngineErrorKind.NotFound), (missing.ErrorId, missing.Kind));
            Assert.Equal("TokenNotFound", Assert.ThrowsAny<EngineException>(() => _tokens.Remove("NOPE", new RecordingReview())).ErrorId);
            var serial = Register("alice", false, new RecordingReview())!.Serial;
            _tokens.Remove(serial, new RecordingReview(approve: false));
            Assert.Single(_tokens.List());
            _tokens.Remove(serial, new RecordingReview());
            Assert.Empty(_tokens.List());
        }

        public void Dispose() => _temporary.Dispose();
    }
}
