#if NET
using System;
using System.Linq;
using RasMfa.Engine.Directories;
using RasMfa.Engine.Entra;
using RasMfa.Engine.Users;
using RasMfa.EntraStub;
using Xunit;

namespace RasMfa.Engine.Tests.Entra
{
    /// <summary>A delta sync's renamed users (review R9): none takes over another source's user, nor another user of the tenant.</summary>
    public sealed class EntraSyncOwnershipTests : IDisposable
    {
        private readonly EntraGraphWorld _world = new EntraGraphWorld();
        private DeltaGroup Group => _world.Scenario.Delta;

        public EntraSyncOwnershipTests()
        {
            Group.Add("u10", "ann@contoso.com", "Ann Abbot");
            Group.Add("u11", "ben@contoso.com", "Ben Berg", mobile: "+1 555 010 0111");
            Group.Add("u12", "cat@contoso.com", "Cat Cole");
            _world.AddTenant();
            _world.Import.Import("contoso", DeltaGroup.GroupId, EntraUserNameAttribute.UserPrincipalName, _world.Admin);
            _world.Sync.Sync("contoso", removeMissing: false, force: false, _world.Admin); // full read: the delta links from here on
        }

        public void Dispose() => _world.Dispose();

        [Fact]
        public void A_cloud_only_user_renamed_to_an_AD_users_name_does_not_take_it_over_in_a_delta_sync()
        {
            _world.Store.Directories.Add(new DirectoryDefinition("corp", DirectoryType.ActiveDirectory, new[] { "dc1.corp.contoso.com" }));
            _world.Store.Users.Upsert(new[] { new UserImportRow { UserName = "admin@contoso.com", PhoneNumber = "+4915100000001", SourceDirectory = "corp" } });
            Group.Change("u11", u => u.Upn = "admin@contoso.com");

            var result = _world.Sync.Sync("contoso", removeMissing: false, force: false, _world.Admin)!;

            var admin = _world.Store.Users.Get("admin@contoso.com")!;
            Assert.Equal(("+4915100000001", "corp", true), (admin.PhoneNumber, admin.SourceDirectory, admin.Enabled));
            Assert.Contains(_world.Admin.Warnings, w => w.Contains("admin@contoso.com") && w.Contains("'corp'") && w.Contains("'contoso'"));
            Assert.Equal(0, result.Updated);
            Assert.False(_world.Store.Users.Get("ben@contoso.com")!.Enabled); // ben's name is gone from the tenant
        }

        [Fact]
        public void A_user_renamed_to_a_kept_members_name_in_another_width_takes_neither_record()
        {
            // Entra tells 'ＢＥＮ' (fullwidth) from 'ben'; RasMfa's name key does not. Ben (u11) is unchanged, so only the stored members know him.
            Group.Change("u12", u => u.Upn = "\uFF22\uFF25\uFF2E@contoso.com");

            _world.Sync.Sync("contoso", removeMissing: false, force: false, _world.Admin);

            var ben = _world.Store.Users.Get("ben@contoso.com")!;
            Assert.Equal(("ben@contoso.com", "Ben Berg", "+15550100111", true), (ben.UserName, ben.DisplayName, ben.PhoneNumber, ben.Enabled));
            Assert.Contains(_world.Admin.Warnings, w => w.Contains("u11") && w.Contains("u12"));
            Assert.Equal(3, _world.Store.Users.List().Count);
        }
    }
}
#endif
