using System;
using System.DirectoryServices.Protocols;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace RasMfa.Engine.Directories
{
    /// <summary>
    /// Opens a connection to one server of a directory with its transport security in place before any bind:
    /// LDAPS, or StartTLS; plain only when the directory says None. Certificate trust: on Linux and macOS a CA folder
    /// (SessionOptions.TrustedCertificatesDirectory); on Windows the machine's CAs or one pinned thumbprint.
    /// </summary>
    internal static class LdapConnections
    {
        public static LdapConnection Open(DirectoryDefinition directory, string server)
        {
            var connection = new LdapConnection(new LdapDirectoryIdentifier(server, directory.EffectivePort, false, false))
            {
                AuthType = AuthType.Basic,
                Timeout = TimeSpan.FromSeconds(directory.TimeoutSeconds),
                AutoBind = false,
            };
            var options = connection.SessionOptions;
            options.ProtocolVersion = 3;
            options.ReferralChasing = ReferralChasingOptions.None;
            try
            {
                // Order matters with OpenLDAP underneath: TLS options first, then a new TLS context that takes them.
                if (directory.Security == DirectorySecurity.Ldaps) options.SecureSocketLayer = true;
                if (directory.Security == DirectorySecurity.StartTls)
                {
                    // StartTLS needs an open connection (error 91 otherwise): read the root DSE in clear first, which
                    // carries nothing secret, then set up trust and upgrade before any bind.
                    connection.SendRequest(new SearchRequest("", "(objectClass=*)", SearchScope.Base, "supportedLDAPVersion"));
                    ConfigureTrust(directory, options);
                    options.StartTransportLayerSecurity(null);
                    return connection;
                }
                ConfigureTrust(directory, options);
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        /// <summary>
        /// A simple bind; the caller reads <see cref="LdapException.ErrorCode"/> (49: bad credentials). The password goes as
        /// the exact octets received: never a lossy decoding (replacement characters), never one a C library would cut at a NUL.
        /// </summary>
        public static void Bind(LdapConnection connection, string identity, byte[] password)
        {
            var text = Radius.ReceivedText.DecodeUtf8(password);
            if (text == null || text.IndexOf('\0') >= 0 || identity.IndexOf('\0') >= 0)
                throw new InvalidOperationException("The password is not UTF-8 or holds a NUL, or the name holds a NUL: no bind is made with it.");
            // A simple bind with a name and no password is unauthenticated (RFC 4513 5.1.2), and some directories answer it as anonymous.
            if (text.Length == 0) throw new InvalidOperationException("The password is empty: a bind without one is unauthenticated, so none is made.");
            connection.Bind(new NetworkCredential(identity, text));
        }

        /// <summary>
        /// Binds the directory's service account. One whose password cannot be unsealed is never bound: without a password a
        /// simple bind is unauthenticated, which a directory may take as anonymous and answer.
        /// </summary>
        public static void BindServiceAccount(LdapConnection connection, DirectoryDefinition directory)
        {
            if (directory.BindUserName == null) return;
            if (directory.Unreadable != null || directory.BindPassword == null)
                throw new InvalidOperationException($"The service account of directory '{directory.Name}' has no readable password ({directory.Unreadable ?? "none stored"}): no bind is made without it.");
            Bind(connection, directory.BindUserName, directory.BindPassword);
        }

        private static void ConfigureTrust(DirectoryDefinition directory, LdapSessionOptions options)
        {
            if (directory.Security == DirectorySecurity.None) return;
#if NET8_0_OR_GREATER
            if (!OperatingSystem.IsWindows())
            {
                if (directory.TrustedCaPath != null)
                {
                    options.TrustedCertificatesDirectory = directory.TrustedCaPath;
                    options.StartNewTlsSessionContext();
                }
                return;
            }
#endif
            if (directory.CertificateThumbprint != null)
            {
                // Windows only: the callback runs in the Windows LDAP client and is not called elsewhere.
                var pinned = directory.CertificateThumbprint.Replace(" ", "");
                options.VerifyServerCertificate = (_, certificate) =>
                    string.Equals(new X509Certificate2(certificate).Thumbprint, pinned, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
