using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Unix;
using Xunit;

namespace RasMfa.Engine.Tests.Security
{
    public sealed class UnixFixCommandsTests
    {
        private static readonly UnixFileStatus PlainFolder = new UnixFileStatus(0x1FD, 1000); // 0775

        [Fact]
        public void The_folder_gets_chmod_700_files_chmod_600_and_a_foreign_owner_chown_to_the_current_user()
        {
            var problems = new[]
            {
                new AccessProblem("/srv/rasmfa", StoreItem.Folder, AccessProblemKind.OthersMayWrite, "", "Its group"),
                new AccessProblem("/srv/rasmfa/rasmfa.key", StoreItem.KeyFile, AccessProblemKind.UntrustedOwner, "", "1001"),
                new AccessProblem("/srv/rasmfa/rasmfa.key", StoreItem.KeyFile, AccessProblemKind.OthersMayRead, "", "Other users"),
                new AccessProblem("/srv/rasmfa/rasmfa.key", StoreItem.KeyFile, AccessProblemKind.OthersMayWrite, "", "Other users"),
            };

            Assert.Equal(new[]
            {
                "chown -h 1000 '/srv/rasmfa/rasmfa.key'",
                "chmod 700 '/srv/rasmfa'",
                "chmod 600 '/srv/rasmfa/rasmfa.key'",
            }, UnixFixCommands.For("/srv/rasmfa", PlainFolder, problems, 1000));
        }

        [Fact]
        public void A_folder_someone_else_owns_is_moved_aside_not_chowned_recursively()
        {
            var problems = new[]
            {
                new AccessProblem("/srv/rasmfa", StoreItem.Folder, AccessProblemKind.UntrustedOwner, "", "1001"),
                new AccessProblem("/srv/rasmfa", StoreItem.Folder, AccessProblemKind.OthersMayWrite, "", "Other users"),
                new AccessProblem("/srv/rasmfa/rasmfa.key", StoreItem.KeyFile, AccessProblemKind.OthersMayRead, "", "Other users"),
            };

            Assert.Equal(new[] { "mv -- '/srv/rasmfa' '/srv/rasmfa.untrusted'" }, UnixFixCommands.For("/srv/rasmfa/", PlainFolder, problems, 1000));
        }

        [Fact]
        public void A_path_with_a_quote_stays_one_shell_word()
        {
            var problems = new[] { new AccessProblem("/srv/it's/rasmfa.db", StoreItem.Database, AccessProblemKind.OthersMayWrite, "", "Other users") };

            Assert.Equal(new[] { @"chmod 600 '/srv/it'\''s/rasmfa.db'" }, UnixFixCommands.For("/srv/it's", PlainFolder, problems, 0));
        }

        [Fact]
        public void A_shared_sticky_folder_or_the_root_gets_no_commands()
        {
            var problems = new[] { new AccessProblem("/tmp", StoreItem.Folder, AccessProblemKind.OthersMayWrite, "", "Its group and other users") };

            Assert.Empty(UnixFixCommands.For("/tmp", new UnixFileStatus(0x3FF, 0), problems, 0)); // 1777
            Assert.Empty(UnixFixCommands.For("/", new UnixFileStatus(0x1ED, 0), problems, 0));
        }
    }
}
