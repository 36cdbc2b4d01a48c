using System.IO;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Directories;

namespace RasMfa.Cmdlets.Directories
{
    /// <summary>Checks shared by Add- and Set-RasMfaDirectory.</summary>
    internal static class DirectoryParameters
    {
        public static ErrorRecord? Check(PSCmdlet cmdlet, DirectoryDefinition directory)
        {
            if (directory.Servers.Count == 0)
                return Errors.Create("DirectoryServerRequired", ErrorCategory.InvalidArgument, "Name at least one server with -Server.", directory.Name);
            if (directory.TrustedCaPath != null && !Directory.Exists(directory.TrustedCaPath))
                return Errors.Create("TrustedCaPathNotFound", ErrorCategory.ObjectNotFound,
                    $"'{directory.TrustedCaPath}' is not a folder. Put the CA certificates there and run 'openssl rehash' on it.", directory.TrustedCaPath);
            if (directory.Security == DirectorySecurity.None)
                cmdlet.WriteWarning($"Directory '{directory.Name}': -Security None sends every password to the directory in clear. A real Active Directory refuses such binds.");
            if (directory.BindUserName == null)
                cmdlet.WriteWarning($"Directory '{directory.Name}' has no service account (-BindCredential): user names must be given as the directory binds them, failures cannot be explained, and users cannot be imported.");
            return null;
        }
    }
}
