#if NET
using System;
using System.Linq;
using RasMfa.Engine.Directories;
using RasMfa.Engine.Entra;
using RasMfa.Engine.Tests.Review;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Entra
{
    /// <summary>Whose users an Entra import may write (issue 15, review R9): its own, and an AD user's empty fields only.</summary>
    public sealed class EntraOwnershipTests : IDisposable
    {
        private readonly ReviewR9FakeGraph _graph = new ReviewR9FakeGraph();

        public void Dispose() => _graph.Close();

        private IUserStore Users => _graph.Store.Users;

        private void Directory(string? baseDn = null) =>
            _graph.Store.Directories.Add(new DirectoryDefinition("corp", DirectoryType.ActiveDirectory, new[] { "dc1.corp.contoso.com" }) { BaseDN = baseDn });

        private static EntraUser Synchronised(string id, string onPremisesUpn, string domain = "corp.contoso.com") => new EntraUser
        {
            Id = id, UserPrincipalName = onPremisesUpn.Replace("@corp.", "@"), OnPremisesUserPrincipalName = onPremisesUpn, OnPremisesDomainName = domain,
            OnPremisesSamAccountName = onPremisesUpn.Split('@')[0], OnPremisesSecurityIdentifier = "S-1-5-21-1-2-3-" + id.Length, AccountEnabled = true,
        };

        [Fact]
        public void An_AD_users_phone_and_email_stand_and_Entra_fills_only_the_empty_ones()
        {
            Directory();
            Users.Upsert(new[]
            {
                new UserImportRow { UserName = "erin@corp.contoso.com", PhoneNumber = "+4915100000001", Email = "erin@corp.contoso.com", SourceDirectory = "corp" },
                new UserImportRow { UserName = "finn@corp.contoso.com", SourceDirectory = "corp" },
            });
            _graph.AddTenant();
            var erin = Synchronised("e1", "erin@corp.contoso.com");
            erin.DisplayName = "Erin Ernst";
            erin.Mail = "erin@contoso.com";
            var finn = Synchronised("f1", "finn@corp.contoso.com");
            finn.Mail = "finn@contoso.com";
            _graph.Members.AddRange(new[] { erin, finn });
            _graph.PhoneMethods["e1"] = "+15550100001";
            _graph.PhoneMethods["f1"] = "+15550100002";

            var result = _graph.Import.Import("contoso", "VPN Users", EntraUserNameAttribute.UserPrincipalName, _graph.Admin)!;

            Assert.Equal((0, 2), (result.Created, result.Updated));
            var storedErin = Users.Get("erin@corp.contoso.com")!;
            Assert.Equal(("Erin Ernst", "+4915100000001", "erin@corp.contoso.com", "corp"), (storedErin.DisplayName, storedErin.PhoneNumber, storedErin.Email, storedErin.SourceDirectory));
            var storedFinn = Users.Get("finn@corp.contoso.com")!;
            Assert.Equal(("+15550100002", "finn@contoso.com", "corp"), (storedFinn.PhoneNumber, storedFinn.Email, storedFinn.SourceDirectory));
            Assert.Equal(2, Users.List().Count);
        }

        [Theory]
        [InlineData(null, "made by hand")]
        [InlineData("fabrikam", "'fabrikam'")]
        public void A_user_made_by_hand_or_of_another_tenant_is_not_written_over_and_the_warning_names_both_sources(string? source, string named)
        {
            Users.Upsert(new[] { new UserImportRow { UserName = "gina@contoso.com", PhoneNumber = "+4915100000007", SourceDirectory = source } });
            _graph.AddTenant();
            _graph.Members.Add(new EntraUser { Id = "g1", UserPrincipalName = "gina@contoso.com", MobilePhone = "+15550109999", AccountEnabled = true });

            var result = _graph.Import.Import("contoso", "VPN Users", EntraUserNameAttribute.UserPrincipalName, _graph.Admin)!;

            var gina = Users.Get("gina@contoso.com")!;
            Assert.Equal(("+4915100000007", source), (gina.PhoneNumber, gina.SourceDirectory));
            Assert.Equal((0, 0), (result.Created, result.Updated));
            var warning = Assert.Single(_graph.Admin.Warnings, w => w.Contains("gina@contoso.com"));
            Assert.Contains(named, warning);
            Assert.Contains("'contoso'", warning);
        }

        [Fact]
        public void Another_forests_user_with_an_AD_users_sAMAccountName_does_not_take_it_over()
        {
            // Forest A's alice was imported from AD by sAMAccountName; forest B, synchronised into the same tenant, has an alice too.
            Directory("OU=Staff,DC=corp,DC=contoso,DC=com");
            Users.Upsert(new[] { new UserImportRow { UserName = "alice", PhoneNumber = "+4915100000002", SourceDirectory = "corp" } });
            _graph.AddTenant();
            _graph.Members.Add(new EntraUser
            {
                Id = "b1", UserPrincipalName = "alice@fabrikam.com", OnPremisesSamAccountName = "alice", OnPremisesSecurityIdentifier = "S-1-5-21-9-9-9-1105",
                OnPremisesDomainName = "corp.fabrikam.com", MobilePhone = "+15550109999", AccountEnabled = true,
            });

            _graph.Import.Import("contoso", "VPN Users", EntraUserNameAttribute.OnPremisesSamAccountName, _graph.Admin);

            var alice = Users.Get("alice")!;
            Assert.Equal(("+4915100000002", "corp"), (alice.PhoneNumber, alice.SourceDirectory));
            Assert.Contains(_graph.Admin.Warnings, w => w.Contains("'alice'") && w.Contains("'corp'"));
        }

        [Fact]
        public void Forest_As_own_alice_is_the_AD_user_and_fills_its_empty_phone()
        {
            Directory("OU=Staff,DC=corp,DC=contoso,DC=com");
            Users.Upsert(new[] { new UserImportRow { UserName = "alice", SourceDirectory = "corp", Enabled = false } });
            _graph.AddTenant();
            _graph.Members.Add(new EntraUser
            {
                Id = "a1", UserPrincipalName = "alice@contoso.com", OnPremisesSamAccountName = "alice", OnPremisesSecurityIdentifier = "S-1-5-21-1-2-3-1105",
                OnPremisesDomainName = "corp.contoso.com", MobilePhone = "+15550100003", AccountEnabled = true,
            });

            _graph.Import.Import("contoso", "VPN Users", EntraUserNameAttribute.OnPremisesSamAccountName, _graph.Admin);

            var alice = Users.Get("alice")!;
            Assert.Equal(("+15550100003", "corp", false), (alice.PhoneNumber, alice.SourceDirectory, alice.Enabled));
            Assert.Empty(_graph.Admin.Warnings);
        }
    }
}
#endif
