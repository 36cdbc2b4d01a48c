#if NET
using System;
using RasMfa.Engine.Directories;
using RasMfa.Engine.Entra;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>Review R9 (issue 15, item 2): who an Entra import may write over.</summary>
    public sealed class ReviewR9ImportTakeoverTests : IDisposable
    {
        private readonly ReviewR9FakeGraph _graph = new ReviewR9FakeGraph();

        public void Dispose() => _graph.Close();

        private void AdUser(string name, bool enabled = true)
        {
            if (_graph.Store.Directories.Get("corp") == null)
                _graph.Store.Directories.Add(new DirectoryDefinition("corp", DirectoryType.ActiveDirectory, new[] { "dc1.corp.contoso.com" }));
            _graph.Store.Users.Upsert(new[] { new UserImportRow { UserName = name, DisplayName = "Admin (AD)", PhoneNumber = "+4915100000001", Enabled = enabled, SourceDirectory = "corp" } });
        }

        [Fact]
        public void A_cloud_only_account_whose_UPN_is_an_AD_imported_users_name_does_not_take_over_that_user_or_its_phone()
        {
            // An AD account left out of Entra Connect's scope (admin OUs often are) was imported from AD under its UPN. An Entra
            // User Administrator creates a cloud-only account with that UPN and registers their own phone as its SMS method.
            AdUser("admin@contoso.com");
            _graph.AddTenant();
            _graph.Members.Add(new EntraUser { Id = "c1", UserPrincipalName = "admin@contoso.com", DisplayName = "Not the admin", AccountEnabled = true });
            _graph.PhoneMethods["c1"] = "+15550109999";

            _graph.Import.Import("contoso", "VPN Users", EntraUserNameAttribute.UserPrincipalName, _graph.Admin);

            var user = _graph.Store.Users.Get("admin@contoso.com")!;
            // The AD user's phone (where its codes go) and its source must stay the AD import's.
            Assert.Equal(("+4915100000001", "corp"), (user.PhoneNumber, user.SourceDirectory));
        }

        [Fact]
        public void A_cloud_only_account_named_like_an_AD_user_but_in_another_case_and_width_does_not_take_it_over()
        {
            AdUser("admin@contoso.com");
            _graph.AddTenant();
            // Fullwidth 'Ａ' and upper case: one person to the store's name key.
            _graph.Members.Add(new EntraUser { Id = "c1", UserPrincipalName = "\uFF21DMIN@contoso.com", AccountEnabled = true, MobilePhone = "+15550109999" });

            _graph.Import.Import("contoso", "VPN Users", EntraUserNameAttribute.UserPrincipalName, _graph.Admin);

            var user = _graph.Store.Users.Get("admin@contoso.com")!;
            Assert.Equal(("+4915100000001", "corp"), (user.PhoneNumber, user.SourceDirectory));
        }

        [Fact]
        public void An_AD_user_the_AD_sync_disabled_is_not_enabled_again_by_an_Entra_import()
        {
            // Carol left the AD group: the AD sync disabled her in RasMfa. She is still in the Entra group, enabled in Entra.
            AdUser("carol@corp.contoso.com", enabled: false);
            _graph.AddTenant();
            _graph.Members.Add(new EntraUser
            {
                Id = "s1", UserPrincipalName = "carol@contoso.com", AccountEnabled = true,
                OnPremisesSecurityIdentifier = "S-1-5-21-1-2-3-1104", OnPremisesUserPrincipalName = "carol@corp.contoso.com", OnPremisesDomainName = "corp.contoso.com",
            });

            _graph.Import.Import("contoso", "VPN Users", EntraUserNameAttribute.UserPrincipalName, _graph.Admin);

            var carol = _graph.Store.Users.Get("carol@corp.contoso.com")!;
            Assert.Equal(("corp", false), (carol.SourceDirectory, carol.Enabled));
        }

        [Fact]
        public void Two_Entra_users_giving_one_name_are_not_silently_merged_into_one_RasMfa_user()
        {
            // Two forests synchronised into one tenant: both have a sAMAccountName 'bob'. Neither may get the other's phone.
            _graph.AddTenant();
            _graph.Members.Add(new EntraUser { Id = "b1", UserPrincipalName = "bob@east.contoso.com", OnPremisesSamAccountName = "bob", OnPremisesSecurityIdentifier = "S-1-5-21-1-1-1-1001", MobilePhone = "+15550100001", AccountEnabled = true });
            _graph.Members.Add(new EntraUser { Id = "b2", UserPrincipalName = "bob@west.contoso.com", OnPremisesSamAccountName = "BOB", OnPremisesSecurityIdentifier = "S-1-5-21-2-2-2-1001", MobilePhone = "+15550100002", AccountEnabled = true });

            var result = _graph.Import.Import("contoso", "VPN Users", EntraUserNameAttribute.OnPremisesSamAccountName, _graph.Admin)!;

            // Expected: the clash is reported (as UserImport does for a name given twice), not one of them written silently.
            Assert.Contains(_graph.Admin.Warnings, w => w.IndexOf("bob", StringComparison.OrdinalIgnoreCase) >= 0);
            Assert.Equal(0, result.Created);
        }
        [Fact]
        public void A_member_whose_accountEnabled_Graph_did_not_give_does_not_enable_a_disabled_user()
        {
            // Dan, imported from the tenant, was disabled in RasMfa. Graph's answer lacks accountEnabled (null: unknown).
            _graph.AddTenant();
            _graph.Store.Users.Upsert(new[] { new UserImportRow { UserName = "dan@contoso.com", Enabled = false, SourceDirectory = "contoso" } });
            _graph.Members.Add(new EntraUser { Id = "d1", UserPrincipalName = "dan@contoso.com", AccountEnabled = null });

            _graph.Import.Import("contoso", "VPN Users", EntraUserNameAttribute.UserPrincipalName, _graph.Admin);

            Assert.False(_graph.Store.Users.Get("dan@contoso.com")!.Enabled);
        }
    }
}
#endif
