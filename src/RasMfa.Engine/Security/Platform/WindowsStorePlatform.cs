using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.AccessControl;
using System.Security.Cryptography;
using System.Security.Principal;
using RasMfa.Engine.Security.Windows;

namespace RasMfa.Engine.Security.Platform
{
    /// <summary>
    /// Windows: the store folder's ACL from <see cref="StoreAclBuilder"/>, files owned by Administrators, and DPAPI's
    /// machine scope. The only code that touches System.Security.AccessControl; it converts to and from the model
    /// that <see cref="WindowsAccessVerdict"/> judges (through <see cref="RawAces"/>). Not run on this project's Linux CI.
    /// </summary>
#if NET8_0_OR_GREATER
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
#endif
    internal sealed class WindowsStorePlatform : IStorePlatform
    {
        private const int FileObject = 1;                 // SE_FILE_OBJECT
        private const int OwnerSecurityInformation = 0x1; // OWNER_SECURITY_INFORMATION
        private const int DaclSecurityInformation = 0x4;  // DACL_SECURITY_INFORMATION
        private const uint ErrorFileNotFound = 2;
        private const uint ErrorPathNotFound = 3;
        private const uint ErrorAccessDenied = 5;
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

        public IReadOnlyList<AccessProblem> FindAccessProblems(string path, StoreItem item) =>
            WindowsAccessVerdict.Judge(path, item, ToModel(ReadRawSecurity(path), onFolder: item == StoreItem.Folder), _trusted, NameOf);

        public IReadOnlyList<string> FixCommands(string folder, IReadOnlyList<string> files, IReadOnlyList<AccessProblem> problems) =>
            WindowsFixCommands.For(folder, files, problems, _acl.FullControlSids);

        // The owner and the DACL exactly as stored, through GetNamedSecurityInfo rather than FileSecurity: .NET's
        // GetAccessRules leaves out callback (conditional) and object entries, which RasMfa must see to refuse.
        private static RawSecurityDescriptor ReadRawSecurity(string path)
        {
            uint error = GetNamedSecurityInfo(path, FileObject, OwnerSecurityInformation | DaclSecurityInformation,
                out _, out _, out _, out _, out IntPtr descriptor);
            if (error != 0)
            {
                throw error switch
                {
                    ErrorAccessDenied => new UnauthorizedAccessException(
                        $"You may not read the permissions of {path}: only SYSTEM and Administrators may use the RasMfa store. Start PowerShell with 'Run as administrator'."),
                    ErrorFileNotFound or ErrorPathNotFound => new FileNotFoundException($"{path} does not exist.", path),
                    _ => new IOException($"Cannot read the permissions of {path} (Windows error {error})."),
                };
            }
            try
            {
                var bytes = new byte[GetSecurityDescriptorLength(descriptor)];
                Marshal.Copy(descriptor, bytes, 0, bytes.Length);
                return new RawSecurityDescriptor(bytes, 0);
            }
            finally
            {
                LocalFree(descriptor);
            }
        }

        private static SecurityDescriptor ToModel(RawSecurityDescriptor security, bool onFolder)
        {
            var isProtected = (security.ControlFlags & ControlFlags.DiscretionaryAclProtected) != 0;
            var dacl = security.DiscretionaryAcl == null ? null : Aces(security.DiscretionaryAcl); // null: a NULL DACL, open to everyone
            return new SecurityDescriptor(security.Owner?.Value, isProtected, RawAces.ToEntries(dacl, onFolder));
        }

        private static IEnumerable<(int Type, int Flags, uint Mask, string? Sid)> Aces(RawAcl acl)
        {
            for (int i = 0; i < acl.Count; i++)
            {
                var ace = acl[i];
                var known = ace as KnownAce; // every type but a custom one; the raw mask keeps generic rights (CREATOR OWNER's GA)
                yield return ((int)ace.AceType, (int)ace.AceFlags, known == null ? 0u : unchecked((uint)known.AccessMask), known?.SecurityIdentifier.Value);
            }
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

        [DllImport("advapi32.dll", EntryPoint = "GetNamedSecurityInfoW", CharSet = CharSet.Unicode)]
        private static extern uint GetNamedSecurityInfo(string objectName, int objectType, int securityInfo,
            out IntPtr owner, out IntPtr group, out IntPtr dacl, out IntPtr sacl, out IntPtr securityDescriptor);

        [DllImport("advapi32.dll")]
        private static extern uint GetSecurityDescriptorLength(IntPtr securityDescriptor);

        [DllImport("kernel32.dll")]
        private static extern IntPtr LocalFree(IntPtr memory);

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
