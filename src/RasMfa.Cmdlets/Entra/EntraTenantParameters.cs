using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Entra;

namespace RasMfa.Cmdlets.Entra
{
    /// <summary>The parameters Add- and Set-RasMfaEntraTenant share, and the changes they make.</summary>
    public abstract class EntraTenantCommand : StoreCommand
    {
        protected const string SecretSet = "ClientSecret";
        protected const string ThumbprintSet = "CertificateThumbprint";
        protected const string FileSet = "CertificatePath";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
        public SecureString? ClientSecret { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ThumbprintSet)]
        [ValidateNotNullOrEmpty]
        public string? CertificateThumbprint { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = FileSet)]
        [ValidateNotNullOrEmpty]
        public string? CertificatePath { get; set; }

        [Parameter(ParameterSetName = FileSet)]
        public SecureString? CertificatePassword { get; set; }

        [Parameter]
        public EntraCloud? Cloud { get; set; }

        [Parameter]
        [ValidateRange(0, 10080)]
        public int? SyncIntervalMinutes { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected EntraTenantChanges Changes(string? tenantId, string? clientId) => new EntraTenantChanges
        {
            TenantId = tenantId,
            ClientId = clientId,
            Cloud = Cloud,
            ClientSecret = ClientSecret == null ? null : SecureStrings.ToUtf8(ClientSecret),
            CertificateThumbprint = CertificateThumbprint,
            CertificatePath = CertificatePath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(CertificatePath),
            CertificatePassword = CertificatePassword == null ? null : SecureStrings.ToUtf8(CertificatePassword),
            SyncIntervalMinutes = SyncIntervalMinutes,
        };

        protected EntraTenantService Service => new EntraTenantService(Store.EntraTenants, Store.Directories);
    }
}
