using System;
using RasMfa.Engine.Clients;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// A directory first factor with RequireUserMatch off: an enrolled user stays asked for the code under every name the
    /// directory takes for their account, not only the one the user was synced by. Sync stores users by
    /// userPrincipalName (alice.smith@corp.example); AD takes the same account as CORP\asmith, asmith and its DN.
    /// </summary>
    public sealed class DirectoryAccountNameTests : IDisposable
    {
        private readonly DirectoryAliasChecker _directory = DirectoryAliasChecker.ForAliceSmith();
        private readonly MfaFixture _f;

        public DirectoryAccountNameTests()
        {
            _f = new MfaFixture(client => client.FirstFactor == FirstFactor.Directory ? _directory : null);
            _f.Client.FirstFactor = FirstFactor.Directory;
            _f.Client.RequireUserMatch = false;
        }

        public void Dispose() => _f.Dispose();

        // Moved from the security review (review-b, NameBypassReviewTests): each of these was accepted without a code.
        [Theory]
        [InlineData("CORP\\asmith")]
        [InlineData("asmith")]
        [InlineData("CN=Alice Smith,OU=Staff,DC=corp,DC=example")]
        public void An_enrolled_user_logging_in_under_another_of_their_directory_names_is_asked_for_the_code_and_the_code_lets_them_in(string requested)
        {
            var token = _f.Enrol(DirectoryAliasChecker.Upn);
            Assert.Equal(RadiusCode.AccessChallenge, _f.Pap(DirectoryAliasChecker.Upn, DirectoryAliasChecker.Password).Code);
            var challenge = _f.Pap(requested, DirectoryAliasChecker.Password);
            Assert.True(challenge.Code == RadiusCode.AccessChallenge, $"'{requested}' got {challenge.Code}: {_f.LastReason()}");
            // The second round comes under the same name; it is the enrolled user's challenge, and their code opens it.
            var accept = _f.Pap(requested, _f.CodeAt(token), challenge.State);
            Assert.True(accept.Code == RadiusCode.AccessAccept, $"'{requested}' round two got {accept.Code}: {_f.LastReason()}");
        }

        [Fact]
        public void The_challenge_of_one_name_is_not_answered_under_another_that_finds_nobody()
        {
            var token = _f.Enrol(DirectoryAliasChecker.Upn);
            var challenge = _f.Pap("CORP\\asmith", DirectoryAliasChecker.Password);
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            // The client would grant the session to the name of this round: only the first round's name may finish it.
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("asmith", _f.CodeAt(token), challenge.State).Code);
            Assert.Equal(DecisionReason.ForeignState, _f.LastReason());
        }

        [Fact]
        public void A_wrong_code_under_another_directory_name_is_refused()
        {
            _f.Enrol(DirectoryAliasChecker.Upn);
            var challenge = _f.Pap("CORP\\asmith", DirectoryAliasChecker.Password);
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            Assert.NotEqual(RadiusCode.AccessAccept, _f.Pap("CORP\\asmith", "000000", challenge.State).Code);
        }

        [Fact]
        public void A_user_stored_as_DOMAIN_sam_is_found_when_the_user_logs_in_by_user_principal_name()
        {
            _f.Enrol("CORP\\asmith");
            var reply = _f.Pap(DirectoryAliasChecker.Upn, DirectoryAliasChecker.Password);
            Assert.True(reply.Code == RadiusCode.AccessChallenge, $"got {reply.Code}: {_f.LastReason()}");
        }

        [Fact]
        public void A_disabled_user_stays_refused_under_another_directory_name()
        {
            _f.Enrol(DirectoryAliasChecker.Upn);
            var user = _f.Store.Users.Get(DirectoryAliasChecker.Upn)!;
            user.Enabled = false;
            _f.Store.Users.Update(user);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("CORP\\asmith", DirectoryAliasChecker.Password).Code);
            Assert.Equal(DecisionReason.Disabled, _f.LastReason());
        }

        [Fact]
        public void An_account_the_directory_named_that_no_stored_user_has_is_let_through_as_RequireUserMatch_off_says()
        {
            _f.Enrol("bob@corp.example");
            var reply = _f.Pap("CORP\\asmith", DirectoryAliasChecker.Password);
            Assert.Equal(RadiusCode.AccessAccept, reply.Code);
            Assert.Equal(DecisionReason.UnknownUserAllowed, _f.LastReason());
        }

        [Fact]
        public void When_the_directory_cannot_say_whose_account_it_was_an_unknown_name_is_refused_not_let_through()
        {
            _f.Enrol(DirectoryAliasChecker.Upn);
            _directory.Account = FirstFactorAccount.Unresolved("the directory did not answer Who am I?");
            var reply = _f.Pap("CORP\\asmith", DirectoryAliasChecker.Password);
            Assert.Equal(RadiusCode.AccessReject, reply.Code);
            Assert.Equal(DecisionReason.UnidentifiedAccount + ": the directory did not answer Who am I?", _f.LastReason());
        }

        [Fact]
        public void When_the_directory_cannot_say_whose_account_it_was_a_user_the_name_found_is_still_asked_for_the_code()
        {
            _f.Enrol(DirectoryAliasChecker.Upn);
            _directory.Account = FirstFactorAccount.Unresolved("the directory did not answer Who am I?");
            Assert.Equal(RadiusCode.AccessChallenge, _f.Pap(DirectoryAliasChecker.Upn, DirectoryAliasChecker.Password).Code);
        }

        [Fact]
        public void Two_stored_users_for_one_directory_account_are_ambiguous_and_refused_whichever_name_is_sent()
        {
            // An older manual add by DOMAIN\sam, not enrolled, beside the synced, enrolled UPN: either could be meant.
            _f.Store.Users.Add(new MfaUser("CORP\\asmith"));
            _f.Enrol(DirectoryAliasChecker.Upn);
            foreach (var requested in new[] { "asmith", "CORP\\asmith", DirectoryAliasChecker.Dn })
            {
                var reply = _f.Pap(requested, DirectoryAliasChecker.Password);
                Assert.True(reply.Code == RadiusCode.AccessReject, $"'{requested}' got {reply.Code}: {_f.LastReason()}");
                Assert.StartsWith(DecisionReason.AmbiguousAccount + ": the names of CN=Alice Smith", _f.LastReason());
            }
        }

        [Fact]
        public void With_RequireUserMatch_on_an_unidentified_account_is_refused_as_unknown_as_before()
        {
            _f.Client.RequireUserMatch = true;
            _directory.Account = FirstFactorAccount.Unresolved("no answer");
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("asmith", DirectoryAliasChecker.Password).Code);
            Assert.Equal(DecisionReason.UnknownUser, _f.LastReason());
        }
    }
}
