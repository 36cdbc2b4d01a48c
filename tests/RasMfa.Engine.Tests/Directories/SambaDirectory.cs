#if NET8_0_OR_GREATER // Mono's System.DirectoryServices.Protocols throws NotImplementedException: no LDAP on net472 here.
using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using RasMfa.Engine.Directories;
using Xunit;

namespace RasMfa.Engine.Tests.Directories
{
    /// <summary>
    /// The Samba AD domain controller that build.ps1 Test starts once for the run (Samba binds the fixed ports 389 and
    /// 636), read from the JSON descriptor RASMFA_TEST_SAMBA names, and the users these tests create in it. Their names
    /// start with "xu-" and end with a random part: the Pester tests share this domain, and both .NET runtimes run these.
    /// </summary>
    public sealed class SambaDirectory
    {
        public const string Variable = "RASMFA_TEST_SAMBA";
        public const string Password = "Corr3ct-Horse-Battery!";

        public SambaDirectory()
        {
            var path = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"These tests need the Samba AD domain controller that build.ps1 Test starts for the run, named by {Variable} " +
                    $"({(string.IsNullOrEmpty(path) ? "not set" : path + " does not exist")}): run them through build.ps1 Test.");
            }
            using (var descriptor = JsonDocument.Parse(File.ReadAllText(path)))
            {
                var root = descriptor.RootElement;
                Configuration = root.GetProperty("Configuration").GetString()!;
                CaFolder = root.GetProperty("CaFolder").GetString()!;
                Realm = root.GetProperty("Realm").GetString()!;
                Domain = root.GetProperty("Domain").GetString()!;
                BaseDN = root.GetProperty("BaseDN").GetString()!;
                AdminPassword = root.GetProperty("AdminPassword").GetString()!;
            }
            string suffix = Guid.NewGuid().ToString("N").Substring(0, 6);
            EnabledUser = "xu-on-" + suffix;
            DisabledUser = "xu-off-" + suffix;
            SambaTool("user", "create", EnabledUser, Password);
            SambaTool("user", "create", DisabledUser, Password);
            SambaTool("user", "disable", DisabledUser);
        }

        public string Configuration { get; }
        public string CaFolder { get; }
        public string Realm { get; }
        public string Domain { get; }
        public string BaseDN { get; }
        public string AdminPassword { get; }

        /// <summary>sAMAccountNames, at most 20 characters.</summary>
        public string EnabledUser { get; }
        public string DisabledUser { get; }

        /// <summary>The directory as an administrator would add it: this DC by address, the Administrator as service account.</summary>
        public DirectoryDefinition Directory(DirectorySecurity security, string? trustedCaPath = null, bool serviceAccount = true) =>
            new DirectoryDefinition("xu", DirectoryType.ActiveDirectory, new[] { "127.0.0.1" })
            {
                Security = security,
                TrustedCaPath = trustedCaPath ?? CaFolder,
                BindUserName = serviceAccount ? "Administrator@" + Realm.ToLowerInvariant() : null,
                BindPassword = serviceAccount ? System.Text.Encoding.UTF8.GetBytes(AdminPassword) : null,
                TimeoutSeconds = 5,
            };

        /// <summary>samba-tool on this domain's own smb.conf, as an administrator on the DC would run it.</summary>
        public void SambaTool(params string[] arguments)
        {
            var start = new ProcessStartInfo("samba-tool") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            start.ArgumentList.Add("-s");
            start.ArgumentList.Add(Configuration);
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(60_000)) process.Kill(true);
            if (process.ExitCode != 0) throw new InvalidOperationException($"samba-tool {string.Join(" ", arguments)} failed ({process.ExitCode}): {output} {error.Result}");
        }
    }

    [CollectionDefinition(Name)]
    public sealed class SambaCollection : ICollectionFixture<SambaDirectory>
    {
        public const string Name = "Samba AD domain controller";
    }
}
#endif
