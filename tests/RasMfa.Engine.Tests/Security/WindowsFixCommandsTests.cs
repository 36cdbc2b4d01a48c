using System.Collections.Generic;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Windows;
using Xunit;

namespace RasMfa.Engine.Tests.Security
{
    public sealed class WindowsFixCommandsTests
    {
        private const string Folder = @"C:\ProgramData\RasMfa";
        private static readonly string[] FullControl = { WellKnownSids.System, WellKnownSids.Administrators };

        private static readonly string[] Files = { Folder + @"\rasmfa.db", Folder + @"\rasmfa.entropy" };

        [Fact]
        public void A_folder_someone_else_owns_is_renamed_aside_never_taken_over_recursively()
        {
            var problems = new[]
            {
                new AccessProblem(Folder, StoreItem.Folder, AccessProblemKind.UntrustedOwner, "owned by mallory", "S-1-5-21-1-2-3-1337"),
                new AccessProblem(Folder, StoreItem.Folder, AccessProblemKind.OthersMayWrite, "Everyone may change", WellKnownSids.Everyone),
                new AccessProblem(Folder, StoreItem.Folder, AccessProblemKind.OthersMayRead, "Users may read", WellKnownSids.Users, inherited: true),
            };

            Assert.Equal(new[] { @"Rename-Item -LiteralPath 'C:\ProgramData\RasMfa' -NewName 'RasMfa.untrusted'" },
                WindowsFixCommands.For(Folder + @"\", Files, problems, FullControl));
        }

        [Fact]
        public void A_folder_of_ours_open_to_others_is_locked_down_and_each_known_file_reset_without_recursion()
        {
            var problems = new[]
            {
                new AccessProblem(Folder, StoreItem.Folder, AccessProblemKind.OthersMayWrite, "Everyone may change", WellKnownSids.Everyone),
                new AccessProblem(Folder, StoreItem.Folder, AccessProblemKind.OthersMayRead, "Users may read", WellKnownSids.Users, inherited: true),
            };

            var commands = WindowsFixCommands.For(Folder + @"\", Files, problems, FullControl);

            Assert.Equal(new[]
            {
                @"takeown /F 'C:\ProgramData\RasMfa' /A",
                @"takeown /F 'C:\ProgramData\RasMfa\rasmfa.db' /A",
                @"takeown /F 'C:\ProgramData\RasMfa\rasmfa.entropy' /A",
                @"icacls 'C:\ProgramData\RasMfa' /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F'",
                @"icacls 'C:\ProgramData\RasMfa' /remove:g '*S-1-1-0'",   // the inherited Users entry goes with /inheritance:r
                @"icacls 'C:\ProgramData\RasMfa\rasmfa.db' /reset",
                @"icacls 'C:\ProgramData\RasMfa\rasmfa.entropy' /reset",
            }, commands);
            Assert.DoesNotContain(commands, c => c.Contains(" /R") || c.Contains(" /T") || c.Contains(@"\*"));
        }

        [Fact]
        public void An_entry_of_a_kind_rasmfa_does_not_judge_on_the_folder_is_removed_for_its_sid_grant_or_deny()
        {
            var problems = new[] { new AccessProblem(Folder, StoreItem.Folder, AccessProblemKind.UnknownEntry, "a conditional entry", WellKnownSids.Users) };

            var commands = WindowsFixCommands.For(Folder, new string[0], problems, FullControl);

            Assert.Contains(@"icacls 'C:\ProgramData\RasMfa' /remove '*S-1-5-32-545'", commands);
            Assert.DoesNotContain(commands, c => c.Contains("/remove:g"));
        }

        [Fact]
        public void A_file_opened_to_others_is_given_to_administrators_and_reset_to_the_folders_entries()
        {
            // Ownership goes to Administrators even when no owner was refused: a file owned by the admin who ran
            // RasMfa first would be refused when the service opens the store.
            var problems = new[] { new AccessProblem(Folder + @"\rasmfa.db", StoreItem.Database, AccessProblemKind.OthersMayRead, "Users may read", WellKnownSids.Users) };

            Assert.Equal(new[]
            {
                @"takeown /F 'C:\ProgramData\RasMfa' /A",
                @"takeown /F 'C:\ProgramData\RasMfa\rasmfa.db' /A",
                @"icacls 'C:\ProgramData\RasMfa' /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F'",
                @"icacls 'C:\ProgramData\RasMfa\rasmfa.db' /reset",
            }, WindowsFixCommands.For(Folder, new[] { Folder + @"\rasmfa.db" }, problems, FullControl));
        }

        [Fact]
        public void A_service_sid_is_granted_back_and_a_path_with_a_quote_stays_one_powershell_argument()
        {
            var commands = WindowsFixCommands.For(@"D:\O'Brien\RasMfa", new string[0], new List<AccessProblem>(), new[] { WellKnownSids.System, WellKnownSids.Administrators, "S-1-5-80-1-2" });

            Assert.Equal(@"takeown /F 'D:\O''Brien\RasMfa' /A", commands[0]);
            Assert.Equal(@"icacls 'D:\O''Brien\RasMfa' /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' '*S-1-5-80-1-2:(OI)(CI)F'", commands[1]);
        }

        [Theory]
        [InlineData(@"D:\")]
        [InlineData("D:")]
        [InlineData(@"\\fileserver\share")]
        public void A_drive_or_share_root_gets_no_commands_because_it_must_not_be_locked_down(string root)
        {
            var problems = new[] { new AccessProblem(root, StoreItem.Folder, AccessProblemKind.OthersMayWrite, "Authenticated Users may change", WellKnownSids.AuthenticatedUsers) };

            Assert.Empty(WindowsFixCommands.For(root, Files, problems, FullControl));
        }
    }
}
