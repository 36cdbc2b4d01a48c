using System;
using System.Linq;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Directories;
using RasMfa.Engine.Entra;
using RasMfa.Engine.Users;
using RasMfa.EntraStub;
using Xunit;

namespace RasMfa.Engine.Tests.Entra
{
    /// <summary>Import-RasMfaUser -EntraTenant's engine path through the real Graph client and credential, against loopback stubs (issue 15).</summary>
    public sealed class EntraImportTests : IDisposable
    {
        private readonly EntraGraphWorld _world = new EntraGraphWorld();

        public void Dispose() => _world.Dispose();

        [Fact]
        public void A_group_over_three_pages_with_a_429_and_a_503_is_imported_user_by_user_and_an_AD_user_is_not_duplicated()
        {
            // Carol came from AD first, under her on-premises UPN.
            _world.Store.Directories.Add(new DirectoryDefinition("corp", DirectoryType.ActiveDirectory, new[] { "dc1.corp.contoso.com" }));
            _world.Store.Users.Upsert(new[] { new UserImportRow { UserName = "carol@corp.contoso.com", DisplayName = "Carol (AD)", Enabled = true, SourceDirectory = "corp" } });
            _world.AddTenant();

            var result = _world.Import.Import("contoso", "VPN Users", EntraUserNameAttribute.UserPrincipalName, _world.Admin)!;

            Assert.Equal(3, result.Created);
            Assert.Equal(1, result.Updated);
            var alice = _world.Store.Users.Get("alice@contoso.com")!;
            Assert.Equal(("Alice Archer", "alice@contoso.com", "+15550100199", true, "contoso"), (alice.DisplayName, alice.Email, alice.PhoneNumber, alice.Enabled, alice.SourceDirectory));
            var bob = _world.Store.Users.Get("bob@contoso.com")!;
            // No mobile phone method (an office one is not for SMS): mobilePhone; accountEnabled false: imported disabled.
            Assert.Equal(("+442079460958", false), (bob.PhoneNumber, bob.Enabled));
            var carol = _world.Store.Users.Get("carol@corp.contoso.com")!;
            Assert.Equal(("Carol Cruz", "+4915123456789", "corp"), (carol.DisplayName, carol.PhoneNumber, carol.SourceDirectory));
            Assert.Null(_world.Store.Users.Get("carol@contoso.com"));
            var dave = _world.Store.Users.Get("dave@contoso.com")!;
            Assert.Null(dave.PhoneNumber); // "555-0100" is not E.164
            Assert.Equal(4, _world.Store.Users.List().Count); // alice, bob, carol, dave: the nested group and the device are not users
        }

        [Fact]
        public void Each_request_carries_the_bearer_token_and_selects_only_what_the_import_uses_and_throttling_is_retried()
        {
            _world.AddTenant();
            _world.Import.Import("contoso", "VPN Users", EntraUserNameAttribute.UserPrincipalName, _world.Admin);

            var requests = _world.Server.Requests.ToList();
            var token = Assert.Single(requests, r => r.Path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal));
            Assert.Equal($"/{GraphScenario.TenantId}/oauth2/v2.0/token", token.Path);
            Assert.Contains("client_secret=", token.Body);
            var graph = requests.Where(r => r.Path.StartsWith("/v1.0/", StringComparison.Ordinal)).ToList();
            Assert.All(graph, r => Assert.StartsWith("Bearer ", r.Header("Authorization")));
            var firstPage = graph.First(r => r.Path == $"/v1.0/groups/{GraphScenario.GroupId}/transitiveMembers");
            Assert.Contains("$select=id,userPrincipalName,displayName,mail,mobilePhone,accountEnabled,onPremisesSamAccountName,onPremisesUserPrincipalName,onPremisesSecurityIdentifier,onPremisesDomainName", firstPage.Query);
            // The 429 (Retry-After) and the 503 were each tried again once; every member's phone methods read once, no group's or device's.
            Assert.Equal(2, graph.Count(r => r.Query.Contains("$skiptoken=page2")));
            Assert.Equal(2, graph.Count(r => r.Query.Contains("$skiptoken=page3")));
            Assert.Equal(new[] { "u1", "u2", "u3", "u4" }, graph.Where(r => r.Path.EndsWith("/phoneMethods", StringComparison.Ordinal)).Select(r => r.Path.Split('/')[3]).Distinct().OrderBy(u => u));
        }

        [Fact]
        public void OnPremisesSamAccountName_gives_the_user_name_and_users_without_one_are_passed_over()
        {
            _world.AddTenant();
            var result = _world.Import.Import("contoso", "VPN Users", EntraUserNameAttribute.OnPremisesSamAccountName, _world.Admin)!;

            Assert.Equal(1, result.Created);
            Assert.Equal("Carol Cruz", _world.Store.Users.Get("carol")!.DisplayName);
            Assert.Single(_world.Store.Users.List());
        }

        [Fact]
        public void A_group_no_group_has_the_name_of_is_an_error_with_an_id_and_nothing_is_written()
        {
            _world.AddTenant();
            var error = Assert.Throws<EngineException>(() => _world.Import.Import("contoso", "Nobody", EntraUserNameAttribute.UserPrincipalName, _world.Admin));

            Assert.Equal("EntraTenantUnreadable", error.ErrorId);
            Assert.Contains("No group is named 'Nobody'", error.Message);
            Assert.Empty(_world.Store.Users.List());
        }

        [Fact]
        public void A_cloud_only_account_never_matches_an_AD_user_even_with_the_same_on_premises_names()
        {
            var adUser = new MfaUser("carol") { SourceDirectory = "corp" };
            var imported = new System.Collections.Generic.Dictionary<string, MfaUser>(UserNameKey.Comparer) { ["carol"] = adUser };
            var domains = new System.Collections.Generic.Dictionary<string, System.Collections.Generic.IReadOnlyCollection<string>> { ["corp"] = new[] { "corp.contoso.com" } };

            Assert.Null(EntraUserRows.SameAsImportedFromAd(new EntraUser { OnPremisesSamAccountName = "carol", OnPremisesDomainName = "corp.contoso.com" }, imported, domains));
            Assert.Same(adUser, EntraUserRows.SameAsImportedFromAd(new EntraUser { OnPremisesSamAccountName = "CAROL", OnPremisesSecurityIdentifier = "S-1-5-21-1-2-3-1103", OnPremisesDomainName = "Corp.Contoso.com" }, imported, domains));
        }

        [Fact]
        public void A_user_of_another_forest_with_the_same_sAMAccountName_is_not_the_AD_users_match()
        {
            // Forest A (corp.contoso.com) is imported from AD; forest B (corp.fabrikam.com) also synchronises into the tenant.
            var adUser = new MfaUser("alice") { SourceDirectory = "corp" };
            var imported = new System.Collections.Generic.Dictionary<string, MfaUser>(UserNameKey.Comparer) { ["alice"] = adUser };
            var domains = new System.Collections.Generic.Dictionary<string, System.Collections.Generic.IReadOnlyCollection<string>>
            {
                ["corp"] = EntraDirectoryDomains.Of(new DirectoryDefinition("corp", DirectoryType.ActiveDirectory, new[] { "10.0.0.5" }) { BaseDN = "OU=Staff,DC=corp,DC=contoso,DC=com" }),
            };
            var fromB = new EntraUser { OnPremisesSamAccountName = "alice", OnPremisesSecurityIdentifier = "S-1-5-21-9-9-9-1105", OnPremisesDomainName = "corp.fabrikam.com" };
            var fromA = new EntraUser { OnPremisesSamAccountName = "alice", OnPremisesSecurityIdentifier = "S-1-5-21-1-2-3-1105", OnPremisesDomainName = "corp.contoso.com" };
            var noDomain = new EntraUser { OnPremisesSamAccountName = "alice", OnPremisesSecurityIdentifier = "S-1-5-21-1-2-3-1105" };

            Assert.Null(EntraUserRows.SameAsImportedFromAd(fromB, imported, domains));
            Assert.Null(EntraUserRows.SameAsImportedFromAd(noDomain, imported, domains));
            Assert.Same(adUser, EntraUserRows.SameAsImportedFromAd(fromA, imported, domains));
        }

        [Fact]
        public void A_directorys_domains_come_from_its_DNs_else_its_server_names_never_from_an_address()
        {
            Assert.Equal(new[] { "corp.contoso.com" }, EntraDirectoryDomains.Of(new DirectoryDefinition("corp", DirectoryType.ActiveDirectory, new[] { "dc1.other.example" })
            {
                SyncScopes = { new DirectoryScope { Group = "CN=VPN,OU=Groups,DC=corp,DC=contoso,DC=com" } },
            }));
            Assert.Equal(new[] { "dc1.corp.contoso.com", "corp.contoso.com" }, EntraDirectoryDomains.Of(new DirectoryDefinition("corp", DirectoryType.ActiveDirectory, new[] { "dc1.corp.contoso.com" })));
            Assert.Empty(EntraDirectoryDomains.Of(new DirectoryDefinition("corp", DirectoryType.ActiveDirectory, new[] { "10.0.0.5", "dc1" })));
        }
    }
}
