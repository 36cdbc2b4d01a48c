using System;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Windows;
using Xunit;

namespace RasMfa.Engine.Tests.Security
{
    public sealed class WindowsAccessVerdictTests
    {
        private const string Folder = @"C:\ProgramData\RasMfa";
        private const string Database = @"C:\ProgramData\RasMfa\rasmfa.db";
        private const string Entropy = @"C:\ProgramData\RasMfa\rasmfa.entropy";
        private const string CurrentUser = "S-1-5-21-1004336348-1177238915-682003330-1105";
        private const string OtherUser = "S-1-5-21-1004336348-1177238915-682003330-1337";
        private static readonly string[] Trusted = { WellKnownSids.System, WellKnownSids.Administrators, CurrentUser };

        private static readonly AclEntry[] PrivateEntries =
        {
            new AclEntry(WellKnownSids.System, true, FileRights.FullControl, inheritedByChildren: true),
            new AclEntry(WellKnownSids.Administrators, true, FileRights.FullControl, inheritedByChildren: true),
        };

        private static IReadOnlyList<AccessProblem> JudgeFolder(string? owner, params AclEntry[] extra) =>
            WindowsAccessVerdict.Judge(Folder, StoreItem.Folder, new SecurityDescriptor(owner, true, PrivateEntries.Concat(extra).ToList()), Trusted);

        [Theory]
        [InlineData(WellKnownSids.System)]
        [InlineData(WellKnownSids.Administrators)]
        [InlineData(CurrentUser)]
        public void A_folder_owned_by_system_administrators_or_the_current_user_is_private(string owner)
        {
            Assert.Empty(JudgeFolder(owner));
        }

        [Fact]
        public void A_folder_another_user_created_first_is_refused_even_when_its_entries_are_private()
        {
            var problem = Assert.Single(JudgeFolder(OtherUser));

            Assert.Equal(AccessProblemKind.UntrustedOwner, problem.Kind);
            Assert.Equal(OtherUser, problem.Principal);
            Assert.Contains($"is owned by {OtherUser}, not by SYSTEM, Administrators or you", problem.Description);
        }

        [Fact]
        public void An_owner_that_cannot_be_read_is_refused()
        {
            Assert.Equal(AccessProblemKind.UntrustedOwner, Assert.Single(JudgeFolder(null)).Kind);
        }

        [Fact]
        public void The_owner_is_shown_by_account_name_when_windows_knows_it()
        {
            var problems = WindowsAccessVerdict.Judge(Folder, StoreItem.Folder, new SecurityDescriptor(OtherUser, true, PrivateEntries), Trusted,
                sid => sid == OtherUser ? @"CONTOSO\mallory" : null);

            Assert.Contains($@"owned by CONTOSO\mallory ({OtherUser})", Assert.Single(problems).Description);
        }

        [Fact]
        public void A_sqlite_side_file_owned_by_whoever_opened_the_database_is_accepted_but_its_entries_are_still_judged()
        {
            var wal = new SecurityDescriptor(OtherUser, false, PrivateEntries.Select(e => new AclEntry(e.Sid, true, e.Rights, inherited: true)).ToList());
            var walOpenToUsers = new SecurityDescriptor(OtherUser, false, wal.Entries.Append(AclEntry.Allow(WellKnownSids.Users, FileRights.ReadData)).ToList());

            Assert.Empty(WindowsAccessVerdict.Judge(Database + "-wal", StoreItem.SqliteSideFile, wal, Trusted));
            Assert.Equal(AccessProblemKind.OthersMayRead, Assert.Single(WindowsAccessVerdict.Judge(Database + "-wal", StoreItem.SqliteSideFile, walOpenToUsers, Trusted)).Kind);
            Assert.Equal(AccessProblemKind.UntrustedOwner, Assert.Single(WindowsAccessVerdict.Judge(Database, StoreItem.Database, wal, Trusted)).Kind);
        }

        [Fact]
        public void Everyone_with_write_is_refused()
        {
            var problem = Assert.Single(JudgeFolder(WellKnownSids.Administrators, AclEntry.Allow(WellKnownSids.Everyone, FileRights.WriteData | FileRights.Synchronize)));

            Assert.Equal(AccessProblemKind.OthersMayWrite, problem.Kind);
            Assert.Equal($@"Everyone may change {Folder} (the store folder).", problem.Description);
            Assert.False(problem.Inherited);
        }

        [Fact]
        public void Users_with_read_inherited_from_programdata_are_refused_and_said_to_come_from_the_parent()
        {
            // What C:\ProgramData passes on to a folder created under it without an ACL of its own.
            var inheritedFromProgramData = new SecurityDescriptor(CurrentUser, isProtected: false, new List<AclEntry>
            {
                new AclEntry(WellKnownSids.System, true, FileRights.FullControl, inherited: true, inheritedByChildren: true),
                new AclEntry(WellKnownSids.Administrators, true, FileRights.FullControl, inherited: true, inheritedByChildren: true),
                new AclEntry(WellKnownSids.CreatorOwner, true, FileRights.GenericAll, inherited: true, inheritedByChildren: true, inheritOnly: true),
                new AclEntry(WellKnownSids.Users, true, FileRights.ReadAndExecute, inherited: true, inheritedByChildren: true),
                new AclEntry(WellKnownSids.Users, true, FileRights.WriteData | FileRights.AppendData | FileRights.WriteExtendedAttributes | FileRights.WriteAttributes,
                    inherited: true, inheritedByChildren: true),
            });

            var problem = Assert.Single(WindowsAccessVerdict.Judge(Folder, StoreItem.Folder, inheritedFromProgramData, Trusted));

            Assert.Equal(AccessProblemKind.OthersMayWrite, problem.Kind);
            Assert.Equal(WellKnownSids.Users, problem.Principal);
            Assert.True(problem.Inherited);
            Assert.Equal($@"BUILTIN\Users may read and change {Folder} (the store folder), through an entry inherited from the parent folder.", problem.Description);
        }

        [Fact]
        public void Inherited_entries_for_system_and_administrators_only_are_private()
        {
            var file = new SecurityDescriptor(WellKnownSids.Administrators, isProtected: false,
                PrivateEntries.Select(e => new AclEntry(e.Sid, true, e.Rights, inherited: true)).ToList());

            Assert.Empty(WindowsAccessVerdict.Judge(Database, StoreItem.Database, file, Trusted));
        }

        [Fact]
        public void Authenticated_users_with_modify_on_the_database_are_refused()
        {
            var file = new SecurityDescriptor(WellKnownSids.Administrators, false,
                PrivateEntries.Append(AclEntry.Allow(WellKnownSids.AuthenticatedUsers, 0x1301BF, inherited: true)).ToList());

            var problem = Assert.Single(WindowsAccessVerdict.Judge(Database, StoreItem.Database, file, Trusted));

            Assert.StartsWith(@"NT AUTHORITY\Authenticated Users may read and change C:\ProgramData\RasMfa\rasmfa.db (the database)", problem.Description);
        }

        [Fact]
        public void Another_user_allowed_to_read_the_entropy_file_is_refused()
        {
            var file = new SecurityDescriptor(WellKnownSids.Administrators, false, PrivateEntries.Append(AclEntry.Allow(OtherUser, FileRights.ReadAndExecute)).ToList());

            var problem = Assert.Single(WindowsAccessVerdict.Judge(Entropy, StoreItem.KeyFile, file, Trusted));

            Assert.Equal(AccessProblemKind.OthersMayRead, problem.Kind);
            Assert.Equal($"{OtherUser} may read {Entropy} (the DPAPI entropy file).", problem.Description);
        }

        [Fact]
        public void Deny_entries_open_nothing_and_are_not_problems()
        {
            Assert.Empty(JudgeFolder(WellKnownSids.Administrators, AclEntry.Deny(WellKnownSids.Everyone, FileRights.FullControl), AclEntry.Deny(WellKnownSids.Users, FileRights.GenericAll)));
        }

        [Fact]
        public void Reading_attributes_or_permissions_and_traversing_reveal_nothing_and_are_not_problems()
        {
            Assert.Empty(JudgeFolder(WellKnownSids.Administrators,
                AclEntry.Allow(WellKnownSids.Everyone, FileRights.ReadAttributes | FileRights.ReadControl | FileRights.Synchronize | FileRights.Execute)));
        }

        [Theory]
        [InlineData(FileRights.Execute)]
        [InlineData(FileRights.GenericExecute)]
        public void Execute_on_a_file_or_passed_on_to_the_files_in_the_folder_reads_them_but_traversing_the_folder_does_not(uint rights)
        {
            // Mapping a file for execution exposes its content as reading does.
            var database = new SecurityDescriptor(WellKnownSids.Administrators, false, PrivateEntries.Append(AclEntry.Allow(WellKnownSids.Users, rights | FileRights.Synchronize)).ToList());
            var problem = Assert.Single(WindowsAccessVerdict.Judge(Database, StoreItem.Database, database, Trusted));
            Assert.Equal(AccessProblemKind.OthersMayRead, problem.Kind);
            Assert.Equal($@"BUILTIN\Users may read {Database} (the database).", problem.Description);

            Assert.Equal(AccessProblemKind.OthersMayRead,
                Assert.Single(JudgeFolder(WellKnownSids.Administrators, new AclEntry(WellKnownSids.Users, true, rights, inheritedByChildren: true, inheritOnly: true))).Kind);
            Assert.Empty(JudgeFolder(WellKnownSids.Administrators, AclEntry.Allow(WellKnownSids.Users, rights)));
        }

        [Theory]
        [InlineData(FileRights.GenericRead, nameof(AccessProblemKind.OthersMayRead))]
        [InlineData(FileRights.GenericWrite, nameof(AccessProblemKind.OthersMayWrite))]
        [InlineData(FileRights.GenericAll, nameof(AccessProblemKind.OthersMayWrite))]
        [InlineData(FileRights.WriteDac, nameof(AccessProblemKind.OthersMayWrite))]
        [InlineData(FileRights.WriteOwner, nameof(AccessProblemKind.OthersMayWrite))]
        [InlineData(FileRights.Delete, nameof(AccessProblemKind.OthersMayWrite))]
        [InlineData(FileRights.DeleteChild, nameof(AccessProblemKind.OthersMayWrite))]
        [InlineData(FileRights.AppendData, nameof(AccessProblemKind.OthersMayWrite))]
        [InlineData(FileRights.ReadData, nameof(AccessProblemKind.OthersMayRead))]
        public void Generic_and_specific_rights_that_read_or_change_are_refused(uint rights, string expected)
        {
            Assert.Equal((AccessProblemKind)Enum.Parse(typeof(AccessProblemKind), expected), Assert.Single(JudgeFolder(WellKnownSids.Administrators, AclEntry.Allow(WellKnownSids.Users, rights))).Kind);
        }

        [Fact]
        public void Creator_owner_stands_for_a_trusted_creator_but_creator_group_does_not()
        {
            var creatorOwner = new AclEntry(WellKnownSids.CreatorOwner, true, FileRights.GenericAll, inheritedByChildren: true, inheritOnly: true);
            var creatorGroup = new AclEntry(WellKnownSids.CreatorGroup, true, FileRights.GenericRead, inheritedByChildren: true, inheritOnly: true);

            var problem = Assert.Single(JudgeFolder(WellKnownSids.Administrators, creatorOwner, creatorGroup));

            Assert.Equal(WellKnownSids.CreatorGroup, problem.Principal);
            Assert.Equal($"CREATOR GROUP may read the files created in {Folder} (the store folder).", problem.Description);
        }

        [Fact]
        public void A_sid_compares_without_case_and_every_untrusted_principal_is_named_once()
        {
            var problems = JudgeFolder(WellKnownSids.Administrators,
                AclEntry.Allow(CurrentUser.ToLowerInvariant(), FileRights.FullControl),
                AclEntry.Allow(WellKnownSids.Users, FileRights.ReadData),
                AclEntry.Allow(WellKnownSids.Users, FileRights.WriteData),
                AclEntry.Allow(OtherUser, FileRights.ReadData));

            Assert.Equal(new[] { WellKnownSids.Users, OtherUser }, problems.Select(p => p.Principal));
            Assert.Equal(AccessProblemKind.OthersMayWrite, problems[0].Kind);
        }
    }
}
