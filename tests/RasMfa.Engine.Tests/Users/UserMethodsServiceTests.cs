using System;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Users;
using Xunit;
using RasMfa.Engine.Clients;

namespace RasMfa.Engine.Tests.Users
{
    /// <summary>Set-RasMfaUser -Method -DefaultMethod -PhoneNumber -Email: the rules, and what the store keeps.</summary>
    public sealed class UserMethodsServiceTests : IDisposable
    {
        private readonly TemporaryStore _temporary = new TemporaryStore();
        private readonly UserService _users;

        public UserMethodsServiceTests()
        {
            _users = new UserService(_temporary.Store.Users);
            _users.Add("alice", new UserChanges(), new RecordingReview());
        }

        public void Dispose() => _temporary.Dispose();

        private string Refused(UserChanges changes) => Assert.Throws<EngineException>(() => _users.Change("alice", changes, new RecordingReview())).ErrorId;

        [Fact]
        public void Methods_and_a_default_are_stored_with_an_E164_number_and_a_mail_address()
        {
            _users.Change("alice", new UserChanges
            {
                PhoneNumber = "+1 (555) 010-0101", Email = "alice@corp.example", Methods = new[] { MethodKind.Sms, MethodKind.Email }, DefaultMethod = MethodKind.Sms,
            }, new RecordingReview());
            var stored = _temporary.Store.Users.Get("alice")!;
            Assert.Equal(new[] { MethodKind.Sms, MethodKind.Email }, stored.Methods);
            Assert.Equal(MethodKind.Sms, stored.DefaultMethod);
            // Dropping the default's method drops the default.
            _users.Change("alice", new UserChanges { Methods = new[] { MethodKind.Email } }, new RecordingReview());
            Assert.Null(_temporary.Store.Users.Get("alice")!.DefaultMethod);
        }

        [Fact]
        public void An_import_updates_the_number_and_keeps_the_methods_held()
        {
            _users.Change("alice", new UserChanges { PhoneNumber = "+15550100101", Methods = new[] { MethodKind.Sms } }, new RecordingReview());
            _users.Import(new[] { new UserImportRow { UserName = "alice", PhoneNumber = "+44 20 7946 0000", Line = 2 } });
            var stored = _temporary.Store.Users.Get("alice")!;
            Assert.Equal("+44 20 7946 0000", stored.PhoneNumber);
            Assert.Equal(new[] { MethodKind.Sms }, stored.Methods);
        }

        [Fact]
        public void A_phone_number_without_a_country_code_a_method_without_its_contact_or_a_default_not_held_is_refused()
        {
            Assert.Equal("InvalidRasMfaUser", Refused(new UserChanges { PhoneNumber = "555 0100" }));
            Assert.Equal("InvalidRasMfaUserMethod", Refused(new UserChanges { Methods = new[] { MethodKind.Sms } }));
            Assert.Equal("InvalidRasMfaUserMethod", Refused(new UserChanges { Email = "alice@corp.example", DefaultMethod = MethodKind.Email }));
            Assert.Equal("InvalidRasMfaUserMethod", Refused(new UserChanges { Methods = new[] { MethodKind.Totp } }));
            Assert.Empty(_temporary.Store.Users.Get("alice")!.Methods);
        }

        [Fact]
        public void The_methods_of_a_login_put_the_default_first_and_leave_out_one_without_a_contact_or_not_allowed()
        {
            var user = new MfaUser("bob") { PhoneNumber = "020 7946 0000", Email = "bob@corp.example", Methods = new[] { MethodKind.Sms, MethodKind.Email }, DefaultMethod = MethodKind.Email };
            var methods = UserMethods.Of(new RasMfa.Engine.Mfa.LoginSubject(user, (RasMfa.Engine.Tokens.OtpToken?)null));
            // The imported number is not E.164: SMS cannot reach it.
            Assert.Equal(new[] { "Email" }, Array.ConvertAll(System.Linq.Enumerable.ToArray(methods.All), m => m.Name));
            Assert.Same(UserMethods.None, methods.AllowedAt(new[] { MethodKind.Totp }));
        }
    }
}
