using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Directories;

namespace RasMfa.Cmdlets.Directories
{
    /// <summary>Adds an Active Directory domain or LDAP directory that checks passwords and supplies users.</summary>
    [Cmdlet(VerbsCommon.Add, "RasMfaDirectory", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaDirectory))]
    public sealed class AddRasMfaDirectoryCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public DirectoryType Type { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Server { get; set; } = new string[0];

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int? Port { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DirectorySecurity Security { get; set; } = DirectorySecurity.Ldaps;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? BaseDN { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public PSCredential? BindCredential { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? CertificateThumbprint { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? TrustedCaPath { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int TimeoutSeconds { get; set; } = 10;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var settings = new DirectoryChanges
            {
                Type = Type,
                Servers = Server,
                Port = Port,
                Security = Security,
                BaseDN = BaseDN,
                BindUserName = BindCredential?.UserName,
                BindPassword = BindCredential == null ? null : SecureStrings.ToUtf8(BindCredential.Password),
                CertificateThumbprint = CertificateThumbprint,
                TrustedCaPath = TrustedCaPath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(TrustedCaPath),
                TimeoutSeconds = TimeoutSeconds,
            };
            Run(Name, () =>
            {
                var directory = new DirectoryService(Store.Directories, Store.Users).Add(Name, settings, this);
                if (directory != null && PassThru) WriteObject(new RasMfaDirectory(directory));
            });
        }
    }
}
