using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Tokens;

namespace RasMfa.Cmdlets.Tokens
{
    /// <summary>Imports hardware OATH tokens from a vendor's CSV or PSKC (RFC 6030) file.</summary>
    [Cmdlet(VerbsData.Import, "RasMfaOathToken", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaToken))]
    public sealed class ImportRasMfaOathTokenCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>For encrypted PSKC files: the AES-128 key the vendor sent separately, as 32 hex digits.</summary>
        [Parameter]
        public SecureString? PreSharedKey { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (!File.Exists(path))
            {
                WriteError(Errors.Create("ImportFileNotFound", ErrorCategory.ObjectNotFound, $"The file '{path}' does not exist.", Path));
                return;
            }
            byte[]? key = null;
            if (PreSharedKey != null)
            {
                key = OtpSecrets.Parse(System.Text.Encoding.UTF8.GetString(SecureStrings.ToUtf8(PreSharedKey)));
                if (key == null || key.Length != 16)
                    ThrowTerminatingError(Errors.Create("InvalidPreSharedKey", ErrorCategory.InvalidArgument, "The pre-shared key must be 16 octets (32 hex digits).", null));
            }
            Run(Path, () =>
            {
                var results = new TokenService(Store.Tokens, Store.Users, Store.Settings).ImportOath(path, key, this);
                if (results == null) return;
                int imported = 0;
                foreach (var row in results)
                {
                    if (row.Error != null)
                    {
                        WriteError(Errors.Create(row.ErrorId ?? "InvalidOathTokenRow", ErrorCategory.InvalidData, $"{System.IO.Path.GetFileName(path)}, {row.Source}: {row.Error}", row.Source));
                        continue;
                    }
                    imported++;
                    if (PassThru)
                    {
                        row.Token!.UserName = row.UserName;
                        WriteObject(new RasMfaToken(row.Token));
                    }
                }
                WriteVerbose($"Imported {imported} of {results.Count} tokens from {path}.");
            });
        }
    }
}
