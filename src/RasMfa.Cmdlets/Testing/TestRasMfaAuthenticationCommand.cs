using System;
using System.Management.Automation;
using System.Net.Sockets;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Radius.Client;

namespace RasMfa.Cmdlets.Testing
{
    /// <summary>A RADIUS client like radtest or NTRadPing, for checking RasMfa (or any RADIUS server) as RAS would use it.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "RasMfaAuthentication", DefaultParameterSetName = LoginSet)]
    [OutputType(typeof(AuthenticationTestResult), typeof(bool))]
    public sealed class TestRasMfaAuthenticationCommand : PSCmdlet
    {
        private const string LoginSet = "Login";
        private const string StatusSet = "StatusServer";
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        [Parameter(Mandatory = true, Position = 0)]
        [Alias("ComputerName")]
        [ValidateNotNullOrEmpty]
        public string Server { get; set; } = "";

        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 1812;

        [Parameter(Mandatory = true)]
        public SecureString SharedSecret { get; set; } = new SecureString();

        [Parameter(Mandatory = true, ParameterSetName = LoginSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; } = "";

        [Parameter(ParameterSetName = LoginSet)]
        public SecureString? Password { get; set; }

        [Parameter(ParameterSetName = LoginSet)]
        public PasswordEncoding Encoding { get; set; } = PasswordEncoding.Pap;

        [Parameter(ParameterSetName = LoginSet)]
        public string[]? Response { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = StatusSet)]
        public SwitchParameter StatusServer { get; set; }

        [Parameter]
        [ValidateRange(1, 300)]
        public int TimeoutSeconds { get; set; } = 5;

        [Parameter]
        [ValidateRange(0, 10)]
        public int Retries { get; set; } = 2;

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            var request = new AuthenticationTestRequest
            {
                Server = Server,
                Port = Port,
                SharedSecret = SecureStrings.ToUtf8(SharedSecret),
                UserName = UserName,
                Password = Password == null ? null : SecureStrings.ToUtf8(Password),
                Encoding = Encoding,
                Responses = Response ?? new string[0],
                StatusServer = StatusServer,
                Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
                Retries = Retries,
            };
            var bridge = new PromptBridge();
            Func<string?, string?>? prompt = Host.UI == null || Response != null ? null : bridge.Ask;
            try
            {
                var work = Task.Run(() => AuthenticationTest.RunAsync(request, prompt, _cancel.Token));
                var result = bridge.Run(work, AskUser, _cancel.Token);
                WriteObject(Quiet ? (object)result.Accepted : result);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: StopProcessing already ends the pipeline.
            }
            catch (RadiusReplyException e)
            {
                WriteError(new ErrorRecord(e, "RadiusReplyNotTrusted", ErrorCategory.SecurityError, Server));
            }
            catch (SocketException e)
            {
                WriteError(new ErrorRecord(e, "RadiusServerUnreachable", ErrorCategory.ConnectionError, Server));
            }
        }

        protected override void StopProcessing() => _cancel.Cancel();

        private string? AskUser(string? replyMessage)
        {
            Host.UI.WriteLine(replyMessage ?? "The server asks for a response.");
            Host.UI.Write("Response: ");
            var secure = Host.UI.ReadLineAsSecureString();
            return secure == null || secure.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(SecureStrings.ToUtf8(secure));
        }
    }
}
