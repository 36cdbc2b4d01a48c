#if NET8_0_OR_GREATER // Mono's System.DirectoryServices.Protocols throws NotImplementedException: no LDAP on net472 here.
using System;
using System.DirectoryServices.Protocols;
using System.Linq;
using System.Text;
using System.Threading;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Tests.Mfa;
using Xunit;

namespace RasMfa.Engine.Tests.Directories
{
    /// <summary>
    /// Against the real Samba AD DC: a user synced by userPrincipalName, whose UPN's name part is not their sAMAccountName
    /// (alice.xu-1a2b3c@realm, sAMAccountName xu-as-1a2b3c), logs in as DOMAIN\sAMAccountName with RequireUserMatch off
    /// and is asked for the code: the directory says which account the password was for, and the user is found by its
    /// names, with a service account (the entry it found) and without one (Who am I? on the user's own bind, which Samba does
    /// not answer: then the entry the name bound names, looked up on that connection).
    /// </summary>
    [Collection(SambaCollection.Name)]
    public sealed class DirectoryBindAccountNameTests
    {
        private readonly SambaDirectory _dc;
        private readonly string _sam;
        private readonly string _upn;
        private readonly string _dn;

        public DirectoryBindAccountNameTests(SambaDirectory dc)
        {
            _dc = dc;
            string suffix = Guid.NewGuid().ToString("N").Substring(0, 6);
            _sam = "xu-as-" + suffix;
            _upn = $"alice.xu-{suffix}@{dc.Realm.ToLowerInvariant()}";
            dc.SambaTool("user", "create", _sam, SambaDirectory.Password);
            _dn = SetUserPrincipalName(_sam, _upn);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async System.Threading.Tasks.Task The_directory_names_the_account_under_its_user_principal_name_whichever_name_was_sent(bool serviceAccount)
        {
            var directory = _dc.Directory(DirectorySecurity.Ldaps, serviceAccount: serviceAccount);
            var result = await new DirectoryChecker(directory).CheckAsync($"{_dc.Domain}\\{_sam}", Encoding.UTF8.GetBytes(SambaDirectory.Password), CancellationToken.None);
            Assert.True(result.Outcome == FirstFactorOutcome.Accepted, result.Reason);
            Assert.True(result.Account!.IsIdentified, result.Account.Description);
            Assert.Contains(_upn, result.Account.Names, StringComparer.OrdinalIgnoreCase);
            Assert.Contains(_sam, result.Account.Names, StringComparer.OrdinalIgnoreCase);
            Assert.Contains($"{_dc.Domain}\\{_sam}", result.Account.Names, StringComparer.OrdinalIgnoreCase);
        }

        // Samba does not answer "Who am I?": without a service account the entry is found by the form of the name bound.
        [Theory]
        [InlineData("upn")]
        [InlineData("dn")]
        [InlineData("netbios")]
        public async System.Threading.Tasks.Task Without_a_service_account_the_account_is_named_whichever_form_of_its_name_was_bound(string form)
        {
            var directory = _dc.Directory(DirectorySecurity.Ldaps, serviceAccount: false);
            string name = form == "upn" ? _upn : form == "dn" ? _dn : $"{_dc.Domain}\\{_sam}";
            var result = await new DirectoryChecker(directory).CheckAsync(name, Encoding.UTF8.GetBytes(SambaDirectory.Password), CancellationToken.None);
            Assert.True(result.Outcome == FirstFactorOutcome.Accepted, result.Reason);
            Assert.True(result.Account!.IsIdentified, result.Account.Description);
            Assert.Equal(_dn, result.Account.Description, StringComparer.OrdinalIgnoreCase);
            Assert.Contains(_upn, result.Account.Names, StringComparer.OrdinalIgnoreCase);
            Assert.Contains($"{_dc.Domain}\\{_sam}", result.Account.Names, StringComparer.OrdinalIgnoreCase);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void A_user_synced_by_user_principal_name_logging_in_as_DOMAIN_sam_is_asked_for_the_code(bool serviceAccount)
        {
            var directory = _dc.Directory(DirectorySecurity.Ldaps, serviceAccount: serviceAccount);
            using var f = new MfaFixture(client => client.FirstFactor == FirstFactor.Directory ? new DirectoryChecker(directory) : null);
            f.Client.FirstFactor = FirstFactor.Directory;
            f.Client.RequireUserMatch = false;
            var token = f.Enrol(_upn);
            var challenge = f.Pap($"{_dc.Domain}\\{_sam}", SambaDirectory.Password);
            Assert.True(challenge.Code == RadiusCode.AccessChallenge, $"got {challenge.Code}: {f.LastReason()}");
            Assert.Equal(RadiusCode.AccessAccept, f.Pap($"{_dc.Domain}\\{_sam}", f.CodeAt(token), challenge.State).Code);
        }

        // samba-tool user create gives the account the UPN sAMAccountName@realm; an administrator's LDAP modify gives it another.
        private string SetUserPrincipalName(string sam, string upn)
        {
            var directory = _dc.Directory(DirectorySecurity.Ldaps);
            using var connection = LdapConnections.Open(directory, "127.0.0.1");
            LdapConnections.Bind(connection, directory.BindUserName!, directory.BindPassword!);
            var search = (SearchResponse)connection.SendRequest(new SearchRequest(_dc.BaseDN, $"(sAMAccountName={LdapFilter.Escape(sam)})", SearchScope.Subtree, "distinguishedName"));
            var dn = search.Entries.Cast<SearchResultEntry>().Single().DistinguishedName;
            connection.SendRequest(new ModifyRequest(dn, DirectoryAttributeOperation.Replace, "userPrincipalName", upn));
            return dn;
        }
    }
}
#endif
