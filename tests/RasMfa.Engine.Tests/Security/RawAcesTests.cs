using System.Linq;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Windows;
using Xunit;

namespace RasMfa.Engine.Tests.Security
{
    /// <summary>The DACL as Windows stores it, turned into what the verdict judges: nothing is skipped.</summary>
    public sealed class RawAcesTests
    {
        private const string Folder = @"C:\ProgramData\RasMfa";
        private const string Database = @"C:\ProgramData\RasMfa\rasmfa.db";
        private static readonly string[] Trusted = { WellKnownSids.System, WellKnownSids.Administrators };

        private static readonly (int, int, uint, string?)[] Private =
        {
            (RawAces.AccessAllowed, RawAces.ObjectInherit | RawAces.ContainerInherit, FileRights.FullControl, WellKnownSids.System),
            (RawAces.AccessAllowed, RawAces.ObjectInherit | RawAces.ContainerInherit, FileRights.FullControl, WellKnownSids.Administrators),
        };

        private static System.Collections.Generic.IReadOnlyList<AccessProblem> Judge(string path, StoreItem item, params (int, int, uint, string?)[] extra) =>
            WindowsAccessVerdict.Judge(path, item,
                new SecurityDescriptor(WellKnownSids.Administrators, true, RawAces.ToEntries(Private.Concat(extra), onFolder: item == StoreItem.Folder)), Trusted);

        [Fact]
        public void Allow_and_deny_entries_with_their_flags_are_judged_as_before()
        {
            Assert.Empty(Judge(Folder, StoreItem.Folder, (RawAces.AccessDenied, 0, FileRights.FullControl, WellKnownSids.Everyone)));

            var problem = Assert.Single(Judge(Folder, StoreItem.Folder,
                (RawAces.AccessAllowed, RawAces.Inherited | RawAces.ObjectInherit | RawAces.InheritOnly, FileRights.ReadData, WellKnownSids.Users)));
            Assert.Equal(AccessProblemKind.OthersMayRead, problem.Kind);
            Assert.True(problem.Inherited);
            Assert.Contains($"the files created in {Folder}", problem.Description);
        }

        [Theory]
        [InlineData(9, "a conditional (callback) entry")]    // ACCESS_ALLOWED_CALLBACK_ACE_TYPE
        [InlineData(11, "a conditional (callback) entry")]   // ACCESS_ALLOWED_CALLBACK_OBJECT_ACE_TYPE
        [InlineData(5, "an object entry")]                   // ACCESS_ALLOWED_OBJECT_ACE_TYPE
        [InlineData(10, "a conditional (callback) entry")]   // ACCESS_DENIED_CALLBACK_ACE_TYPE: still not ours to evaluate
        [InlineData(21, "an entry of type 21")]              // SYSTEM_ACCESS_FILTER_ACE_TYPE
        public void An_entry_of_a_kind_rasmfa_does_not_understand_is_refused_not_skipped(int aceType, string words)
        {
            var problem = Assert.Single(Judge(Database, StoreItem.Database, (aceType, 0, FileRights.ReadData, WellKnownSids.Users)));

            Assert.Equal(AccessProblemKind.UnknownEntry, problem.Kind);
            Assert.Equal(WellKnownSids.Users, problem.Principal);
            Assert.Equal($@"{Database} (the database) has {words} for BUILTIN\Users, which RasMfa does not check: it cannot tell whom it lets in. Remove it.", problem.Description);
        }

        [Fact]
        public void A_conditional_entry_for_a_trusted_account_or_without_a_readable_sid_is_refused_too()
        {
            Assert.Equal(AccessProblemKind.UnknownEntry, Assert.Single(Judge(Folder, StoreItem.Folder, (9, 0, FileRights.FullControl, WellKnownSids.Administrators))).Kind);

            var custom = Assert.Single(Judge(Folder, StoreItem.Folder, (200, 0, 0u, null)));
            Assert.Null(custom.Principal);
            Assert.StartsWith($"{Folder} (the store folder) has an entry of type 200, which", custom.Description);
        }

        [Fact]
        public void A_null_dacl_lets_everyone_do_everything_and_is_refused()
        {
            var entries = RawAces.ToEntries(null, onFolder: true);

            var problem = Assert.Single(WindowsAccessVerdict.Judge(Folder, StoreItem.Folder, new SecurityDescriptor(WellKnownSids.Administrators, false, entries), Trusted));
            Assert.Equal(AccessProblemKind.OthersMayWrite, problem.Kind);
            Assert.Equal(WellKnownSids.Everyone, problem.Principal);
        }

        [Fact]
        public void An_inherit_only_entry_on_a_file_applies_to_nothing_and_is_left_out()
        {
            Assert.Empty(Judge(Database, StoreItem.Database, (RawAces.AccessAllowed, RawAces.InheritOnly | RawAces.ObjectInherit, FileRights.FullControl, WellKnownSids.Users)));
        }
    }
}
