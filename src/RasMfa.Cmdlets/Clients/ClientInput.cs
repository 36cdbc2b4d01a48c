using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Clients;

namespace RasMfa.Cmdlets.Clients
{
    /// <summary>Checks shared by Add- and Set-RasMfaRadiusClient; each returns an ErrorRecord for the caller to report, or null.</summary>
    internal static class ClientInput
    {
        public static ErrorRecord? ParseAddress(string address, out IpNetwork? network)
        {
            if (IpNetwork.TryParse(address, out network, out var error)) return null;
            return Errors.Create("InvalidRadiusClientAddress", ErrorCategory.InvalidArgument, error!, address);
        }

        /// <summary>Empty or over-long secrets are refused; weak ones (12 octets or fewer) need -Force and still warn.</summary>
        public static ErrorRecord? CheckSecret(PSCmdlet cmdlet, SecureString secureSecret, bool force, string clientName, out byte[] secret)
        {
            secret = SecureStrings.ToUtf8(secureSecret);
            var refusal = SharedSecretPolicy.Reject(secret);
            if (refusal != null) return Errors.Create("InvalidSharedSecret", ErrorCategory.InvalidArgument, refusal, clientName);
            if (!SharedSecretPolicy.IsWeak(secret)) return null;
            if (!force)
            {
                return Errors.Create("WeakSharedSecret", ErrorCategory.InvalidArgument,
                    SharedSecretPolicy.WeakWarning(secret.Length) + " Use -Force to keep it anyway.", clientName);
            }
            cmdlet.WriteWarning($"Client '{clientName}': " + SharedSecretPolicy.WeakWarning(secret.Length));
            return null;
        }
    }
}
