using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using MimeKit;
using RasMfa.Engine.Tests.Packaging;

namespace RasMfa.Engine.Tests.Delivery.Smtp
{
    /// <summary>
    /// A real SMTP server on a free loopback port: aiosmtpd (Debian python3-aiosmtpd, which build.ps1 installs for the tests)
    /// run by tests/Smtp/smtp_test_server.py, with STARTTLS on a certificate it makes, AUTH, and a folder of what it received.
    /// </summary>
    public sealed class SmtpTestServer : IDisposable
    {
        // Debian's interpreter: the one python3-aiosmtpd installs for (a pyenv or venv python3 on the PATH has no aiosmtpd).
        private const string Python = "/usr/bin/python3";
        private readonly Process _process;

        public SmtpTestServer(bool tls = true, bool implicitTls = false, string? user = null, string? password = null, string? refuseRecipientDomain = null, string? refuseSenderDomain = null)
        {
            Folder = Path.Combine(Path.GetTempPath(), "rasmfa-smtp-" + Guid.NewGuid().ToString("N"));
            var script = Path.Combine(BuildLocations.RepositoryRoot, "tests", "Smtp", "smtp_test_server.py");
            var arguments = $"\"{script}\" \"{Folder}\"" + (tls ? " --tls" : "") + (implicitTls ? " --implicit-tls" : "") +
                (user != null ? $" --user {user} --password {password}" : "") + (refuseRecipientDomain != null ? $" --refuse-recipient {refuseRecipientDomain}" : "") +
                (refuseSenderDomain != null ? $" --refuse-sender {refuseSenderDomain}" : "");
            _process = Process.Start(new ProcessStartInfo(Python, arguments)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("python3 did not start");
            var ready = _process.StandardOutput.ReadLine();
            if (ready == null || !ready.StartsWith("READY "))
                throw new InvalidOperationException("The test SMTP server did not start (is python3-aiosmtpd installed? build.ps1 installs it): " + _process.StandardError.ReadToEnd());
            var fields = ready.Substring(6).Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
            Port = int.Parse(fields["port"]);
            CertificateSha256 = fields["sha256"];
        }

        public string Folder { get; }

        public int Port { get; }

        /// <summary>SHA-256 of the server's certificate (hex, upper case); empty without TLS.</summary>
        public string CertificateSha256 { get; }

        /// <summary>The messages received so far, in order, with their envelopes.</summary>
        public IReadOnlyList<ReceivedMail> Received()
        {
            if (!Directory.Exists(Folder)) return new ReceivedMail[0];
            return Directory.GetFiles(Folder, "*.eml")
                .OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f)))
                .Select(f => new ReceivedMail(MimeMessage.Load(f), JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(f, ".json"))).RootElement.Clone()))
                .ToList();
        }

        public void Dispose()
        {
            try
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(5000)) _process.Kill();
            }
            catch (InvalidOperationException)
            {
            }
            _process.Dispose();
            try
            {
                Directory.Delete(Folder, true);
            }
            catch (IOException)
            {
            }
        }
    }

    public sealed class ReceivedMail
    {
        public ReceivedMail(MimeMessage message, JsonElement envelope)
        {
            Message = message;
            Envelope = envelope;
        }

        public MimeMessage Message { get; }

        public JsonElement Envelope { get; }

        public string MailFrom => Envelope.GetProperty("mail_from").GetString()!;

        public IReadOnlyList<string> Recipients => Envelope.GetProperty("rcpt_tos").EnumerateArray().Select(e => e.GetString()!).ToList();

        public string? Login => Envelope.GetProperty("login").ValueKind == JsonValueKind.Null ? null : Envelope.GetProperty("login").GetString();
    }
}
