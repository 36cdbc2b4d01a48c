using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.AccessControl;
using System.Security.Cryptography;
using System.Security.Principal;
using RasMfa.Engine.Security.Windows;

namespace RasMfa.Engine.Security.Platform
{
    /// <summary>
    /// Windows: the store folder's ACL from <see cref="StoreAclBuilder"/>, files owned by Administrators, and DPAPI's
    /// machine scope. The only code that touches System.Security.AccessControl; it converts to and from the model
    /// that <see cref="WindowsAccessVerdict"/> judges. Not run on this project's Linux CI.
    /// </summary>
#if NET8_0_OR_GREATER
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
#endif
    internal sealed class WindowsStorePlatform : IStorePlatform
    {
        private const AccessControlSections OwnerAndAccess = AccessControlSections.Owner | AccessControlSections.Access;
        private readonly StoreAclBuilder _acl;
        private readonly string[] _trusted;
        private readonly bool _elevated;

        public WindowsStorePlatform(IEnumerable<string>? serviceSids = null)
        {
            _acl = new StoreAclBuilder(serviceSids);
            using var identity = WindowsIdentity.GetCurrent();
            _trusted = _acl.FullControlSids.Concat(new[] { identity.User!.Value }).ToArray();
            // Outside an elevated session Administrators is a deny-only group, and IsInRole says false; SYSTEM says true.
            _elevated = new WindowsPrincipal(identity).IsInRole(WindowsBuiltInRole.Administrator);
        }

        public bool SealsWithDpapi => true;

        public byte[] ProtectWithDpapi(byte[] plaintext, byte[] entropy) => ProtectedData.Protect(plaintext, entropy, DataProtectionScope.LocalMachine);

        public byte[] UnprotectWithDpapi(byte[] sealedData, byte[] entropy) => ProtectedData.Unprotect(sealedData, entropy, DataProtectionScope.LocalMachine);

        public void CreatePrivateFolder(string path)
        {
            // Administrators as owner can only be set from an elevated session, and a folder only its creator could use is not the machine's store.
            if (!_elevated)
                throw new UnauthorizedAccessException($"Creating the RasMfa store folder {path} needs an elevated session: start PowerShell with 'Run as administrator'.");
            // DirectoryInfo.Create(DirectorySecurity): an instance method on .NET Framework, FileSystemAclExtensions on .NET 8.
            new DirectoryInfo(path).Create(ToDirectorySecurity(_acl.BuildFolder()));
        }

        public void CreatePrivateFile(string path)
        {
            using (new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None)) { }
            if (!_elevated) return; // a folder the user made private for themselves: the file stays theirs
            // The entries come from the folder. Administrators as owner, not the admin who happened to run this,
            // so that the file is accepted whichever administrator or service opens the store next.
            var owner = new FileSecurity();
            owner.SetOwner(new SecurityIdentifier(WellKnownSids.Administrators));
            new FileInfo(path).SetAccessControl(owner); // only the owner section changed, so only it is written
        }

        public IReadOnlyList<AccessProblem> FindAccessProblems(string path, StoreItem item)
        {
            FileSystemSecurity security;
            try
            {
                security = item == StoreItem.Folder
                    ? (FileSystemSecurity)new DirectoryInfo(path).GetAccessControl(OwnerAndAccess)
                    : new FileInfo(path).GetAccessControl(OwnerAndAccess);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new UnauthorizedAccessException(
                    $"You may not read the permissions of {path}: only SYSTEM and Administrators may use the RasMfa store. Start PowerShell with 'Run as administrator'.", e);
            }
            return WindowsAccessVerdict.Judge(path, item, ToModel(security), _trusted, NameOf);
        }

        public IReadOnlyList<string> FixCommands(string folder, IReadOnlyList<string> files, IReadOnlyList<AccessProblem> problems) =>
            WindowsFixCommands.For(folder, files, problems, _acl.FullControlSids);

        private static SecurityDescriptor ToModel(FileSystemSecurity security)
        {
            var entries = new List<AclEntry>();
            foreach (FileSystemAccessRule rule in security.GetAccessRules(true, true, typeof(SecurityIdentifier)))
            {
                entries.Add(new AclEntry(
                    ((SecurityIdentifier)rule.IdentityReference).Value,
                    rule.AccessControlType == AccessControlType.Allow,
                    unchecked((uint)rule.FileSystemRights), // the raw mask: generic rights (CREATOR OWNER's GA) included
                    rule.IsInherited,
                    rule.InheritanceFlags != InheritanceFlags.None,
                    (rule.PropagationFlags & PropagationFlags.InheritOnly) != 0));
            }
            var owner = security.GetOwner(typeof(SecurityIdentifier)) as SecurityIdentifier;
            return new SecurityDescriptor(owner?.Value, security.AreAccessRulesProtected, entries);
        }

        private static DirectorySecurity ToDirectorySecurity(SecurityDescriptor model)
        {
            var security = new DirectorySecurity();
            security.SetOwner(new SecurityIdentifier(model.Owner!));
            security.SetAccessRuleProtection(isProtected: model.IsProtected, preserveInheritance: false);
            foreach (var entry in model.Entries)
            {
                security.AddAccessRule(new FileSystemAccessRule(
                    new SecurityIdentifier(entry.Sid),
                    unchecked((FileSystemRights)(int)entry.Rights),
                    entry.InheritedByChildren ? InheritanceFlags.ContainerInherit | InheritanceFlags.ObjectInherit : InheritanceFlags.None,
                    entry.InheritOnly ? PropagationFlags.InheritOnly : PropagationFlags.None,
                    entry.Allows ? AccessControlType.Allow : AccessControlType.Deny));
            }
            return security;
        }

        private static string? NameOf(string sid)
        {
            try
            {
                return new SecurityIdentifier(sid).Translate(typeof(NTAccount)).Value;
            }
            catch (Exception e) when (e is IdentityNotMappedException || e is SystemException)
            {
                return null; // a deleted account, or no domain controller in reach: the SID is shown instead
            }
        }
    }
}
