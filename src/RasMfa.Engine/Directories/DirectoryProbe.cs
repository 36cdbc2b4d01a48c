using System;
using System.Collections.Generic;
using System.DirectoryServices.Protocols;

namespace RasMfa.Engine.Directories
{
    /// <summary>One step of Test-RasMfaDirectory: what was tried and, when it failed, why.</summary>
    public sealed class DirectoryProbeStep
    {
        public DirectoryProbeStep(string server, string step, bool succeeded, string detail)
        {
            Server = server;
            Step = step;
            Succeeded = succeeded;
            Detail = detail;
        }

        public string Server { get; }
        public string Step { get; }
        public bool Succeeded { get; }
        public string Detail { get; }
    }

    /// <summary>Connects to each server, secures the channel, binds the service account, searches, and optionally binds a user.</summary>
    public static class DirectoryProbe
    {
        public static IReadOnlyList<DirectoryProbeStep> Run(DirectoryDefinition directory, string? userName, byte[]? password)
        {
            var steps = new List<DirectoryProbeStep>();
            foreach (var server in directory.Servers)
            {
                LdapConnection? connection = null;
                try
                {
                    connection = Step(steps, server, $"Connect ({directory.Security}, port {directory.EffectivePort})", () =>
                    {
                        var opened = LdapConnections.Open(directory, server);
                        // Binding anonymously would prove nothing; reading the root DSE forces the connection and TLS.
                        opened.SendRequest(new SearchRequest("", "(objectClass=*)", SearchScope.Base, "supportedLDAPVersion"));
                        return (opened, "connected");
                    });
                    if (connection == null) continue;
                    if (directory.BindUserName != null &&
                        Step(steps, server, "Bind service account", () => { LdapConnections.BindServiceAccount(connection, directory); return ((object)true, directory.BindUserName); }) == null)
                        continue;
                    var baseDn = Step(steps, server, "Search", () =>
                    {
                        var dn = directory.BaseDN ?? DirectoryChecker.DefaultNamingContext(connection);
                        connection.SendRequest(new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, "distinguishedName"));
                        return (dn, dn);
                    });
                    if (baseDn == null) continue;
                    if (userName != null)
                    {
                        var result = new DirectoryChecker(directory, new LdapSearchPool()).CheckAsync(userName, password ?? new byte[0], default).GetAwaiter().GetResult();
                        steps.Add(new DirectoryProbeStep(server, $"Bind as {userName}", result.Outcome == FirstFactors.FirstFactorOutcome.Accepted, result.Reason));
                    }
                }
                finally
                {
                    connection?.Dispose();
                }
            }
            return steps;
        }

        private static T? Step<T>(List<DirectoryProbeStep> steps, string server, string name, Func<(T Value, string Detail)> action) where T : class
        {
            try
            {
                var (value, detail) = action();
                steps.Add(new DirectoryProbeStep(server, name, true, detail));
                return value;
            }
            catch (Exception e) when (e is LdapException || e is DirectoryOperationException || e is InvalidOperationException || e is PlatformNotSupportedException)
            {
                var code = e is LdapException ldap ? $" (LDAP error {ldap.ErrorCode}{(string.IsNullOrEmpty(ldap.ServerErrorMessage) ? "" : ": " + ldap.ServerErrorMessage)})" : "";
                steps.Add(new DirectoryProbeStep(server, name, false, e.Message.Trim() + code));
                return null;
            }
        }
    }
}
