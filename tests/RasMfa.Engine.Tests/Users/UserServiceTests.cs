using System;
using System.Linq;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Users
{
    public sealed class UserServiceTests : IDisposable
    {
        private readonly TemporaryStore _temporary = new TemporaryStore();
        private readonly UserService _users;

        public UserServiceTests() => _users = new UserService(_temporary.Store.Users);

        private static (string, EngineErrorKind) Refusal(Action action)
        {
            var error = Assert.ThrowsAny<EngineException>(action);
            return (error.ErrorId, error.Kind);
        }

        private void AddToken(string serial, long? userId) =>
            _temporary.Store.Tokens.Add(new OtpToken(serial, OtpTokenType.Hotp, Encoding.ASCII.GetBytes("12345678901234567890")) { UserId = userId });

        [Fact]
        public void A_bad_contact_field_is_invalid_a_taken_name_already_exists_and_an_unknown_user_is_not_found()
        {
            Assert.Equal(("InvalidRasMfaUser", EngineErrorKind.InvalidArgument), Refusal(() => _users.Add("alice", new UserChanges { Email = "not-an-address" }, new RecordingReview())));
            _users.Add("alice", new UserChanges(), new RecordingReview());
            Assert.Equal(("DuplicateRasMfaUser", EngineErrorKind.AlreadyExists), Refusal(() => _users.Add("ALICE", new UserChanges(), new RecordingReview())));
            Assert.Equal(("RasMfaUserNotFound", EngineErrorKind.NotFound), Refusal(() => _users.Change("bob", new UserChanges(), new RecordingReview())));
            Assert.Equal(("RasMfaUserNotFound", EngineErrorKind.NotFound), Refusal(() => _users.Unlock("bob", new RecordingReview())));
        }

        [Fact]
        public void A_change_and_the_token_it_gives_are_one_transaction()
        {
            var alice = _users.Add("alice", new UserChanges(), new RecordingReview())!.User;
            var bob = _users.Add("bob", new UserChanges(), new RecordingReview())!.User;
            AddToken("HW-1", alice.Id);
            AddToken("HW-2", null);

            var held = Assert.ThrowsAny<EngineException>(() => _users.Change("alice", new UserChanges { DisplayName = "Alice", TokenSerial = "HW-2", DefaultTokenSerial = "HW-9" }, new RecordingReview()));
            Assert.Equal(("TokenNotHeldByUser", EngineErrorKind.InvalidArgument), (held.ErrorId, held.Kind));
            Assert.Null(_users.Get("alice").User.DisplayName);
            Assert.Equal(("TokenNotFound", EngineErrorKind.NotFound), Refusal(() => _users.Change("bob", new UserChanges { NewUserName = "robert", TokenSerial = "HW-9" }, new RecordingReview())));
            Assert.Equal("bob", _users.Get("bob").User.UserName);

            var robert = _users.Change("bob", new UserChanges { NewUserName = "robert", TokenSerial = "HW-2" }, new RecordingReview())!;
            Assert.Equal(("robert", "HW-2"), (robert.User.UserName, robert.DefaultTokenSerial));
            Assert.Equal(bob.Id, robert.User.Id);
        }

        [Fact]
        public void Listing_users_shows_their_serials_without_unsealing_any_secret()
        {
            var alice = _users.Add("alice", new UserChanges(), new RecordingReview())!.User;
            _users.Add("bob", new UserChanges(), new RecordingReview());
            AddToken("HW-1", alice.Id);
            int before = _temporary.Protector.Unprotected;
            var listed = _users.List().ToDictionary(u => u.User.UserName, u => u.DefaultTokenSerial);
            Assert.Equal("HW-1", listed["alice"]);
            Assert.Null(listed["bob"]);
            Assert.Equal("HW-1", _users.Get("alice").DefaultTokenSerial);
            Assert.Equal(before, _temporary.Protector.Unprotected);
        }

        [Fact]
        public void Disabling_and_removing_ask_with_the_stored_name_and_a_declined_review_changes_nothing()
        {
            _users.Add("CORP\\alice", new UserChanges(), new RecordingReview());
            var declined = new RecordingReview(approve: false);
            Assert.Null(_users.SetEnabled("corp\\ALICE", false, declined));
            _users.Remove("corp\\alice", declined);
            Assert.Equal(new[] { "Disable RasMfa user: CORP\\alice", "Remove RasMfa user: CORP\\alice" }, declined.Asked);
            Assert.True(_users.Get("CORP\\alice").User.Enabled);
            Assert.False(_users.SetEnabled("CORP\\alice", false, new RecordingReview())!.User.Enabled);
        }

        public void Dispose() => _temporary.Dispose();
    }
}
