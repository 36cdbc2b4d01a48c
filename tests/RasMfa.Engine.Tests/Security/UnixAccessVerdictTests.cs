using System;
using System.Linq;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Unix;
using Xunit;

namespace RasMfa.Engine.Tests.Security
{
    public sealed class UnixAccessVerdictTests
    {
        private const uint Me = 1000;

        private static AccessProblem[] Judge(StoreItem item, int mode, uint? owner = Me) =>
            UnixAccessVerdict.Judge("/srv/rasmfa/x", item, new UnixFileStatus(mode, owner), Me).ToArray();

        [Theory]
        [InlineData(nameof(StoreItem.Folder), 0x1C0)]   // 0700, what RasMfa creates
        [InlineData(nameof(StoreItem.Folder), 0x1ED)]   // 0755: listing file names reveals no secret
        [InlineData(nameof(StoreItem.Database), 0x180)] // 0600
        [InlineData(nameof(StoreItem.Database), 0x1A4)] // 0644: sealed secrets are noise without the key
        [InlineData(nameof(StoreItem.KeyFile), 0x180)]  // 0600
        [InlineData(nameof(StoreItem.KeyFile), 0x100)]  // 0400
        public void Owner_only_writes_and_an_owner_only_key_are_private(string item, int mode)
        {
            Assert.Empty(Judge((StoreItem)Enum.Parse(typeof(StoreItem), item), mode));
        }

        [Theory]
        [InlineData(nameof(StoreItem.Folder), 0x1F8, "Its group")]                  // 0770
        [InlineData(nameof(StoreItem.Folder), 0x3FF, "Its group and other users")]  // 1777, like /tmp
        [InlineData(nameof(StoreItem.Database), 0x182, "Other users")]              // 0602
        [InlineData(nameof(StoreItem.KeyFile), 0x190, "Its group")]                 // 0620
        public void Group_or_others_write_is_refused_on_every_item(string item, int mode, string who)
        {
            var problem = Judge((StoreItem)Enum.Parse(typeof(StoreItem), item), mode).First(p => p.Kind == AccessProblemKind.OthersMayWrite);

            Assert.Equal(who, problem.Principal);
            Assert.StartsWith($"{who} may change /srv/rasmfa/x (", problem.Description);
        }

        [Fact]
        public void A_key_file_group_or_others_can_read_is_refused_with_its_mode()
        {
            var problem = Assert.Single(Judge(StoreItem.KeyFile, 0x1A4)); // 0644

            Assert.Equal(AccessProblemKind.OthersMayRead, problem.Kind);
            Assert.Equal("Its group and other users may read /srv/rasmfa/x (the key file, mode 0644).", problem.Description);
        }

        [Fact]
        public void A_file_owned_by_another_user_is_refused_but_one_owned_by_root_is_not()
        {
            var problem = Assert.Single(Judge(StoreItem.Folder, 0x1C0, owner: 1001));

            Assert.Equal(AccessProblemKind.UntrustedOwner, problem.Kind);
            Assert.Contains("owned by user id 1001, not by you (user id 1000) or root", problem.Description);
            Assert.Empty(Judge(StoreItem.Folder, 0x1C0, owner: 0));
        }

        [Fact]
        public void A_sqlite_side_file_of_another_owner_is_accepted_but_not_one_others_can_write()
        {
            Assert.Empty(Judge(StoreItem.SqliteSideFile, 0x180, owner: 1001));
            Assert.Equal(AccessProblemKind.OthersMayWrite, Assert.Single(Judge(StoreItem.SqliteSideFile, 0x182, owner: 1001)).Kind);
        }

        [Fact]
        public void An_owner_the_system_did_not_report_is_refused_not_skipped()
        {
            var problem = Assert.Single(Judge(StoreItem.KeyFile, 0x180, owner: null));

            Assert.Equal(AccessProblemKind.UntrustedOwner, problem.Kind);
            Assert.Contains("has an owner the system did not report", problem.Description);
            Assert.Empty(Judge(StoreItem.SqliteSideFile, 0x180, owner: null)); // whose side files are never judged
        }
    }
}
