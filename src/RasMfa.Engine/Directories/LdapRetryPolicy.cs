using System;
using System.DirectoryServices.Protocols;

namespace RasMfa.Engine.Directories
{
    /// <summary>
    /// When a failed LDAP operation is made again on a fresh connection: only when it failed on a pooled connection that
    /// the directory had closed (AD drops connections idle past MaxConnIdleTime, 15 minutes by default), and only once.
    /// An answer from the directory, such as 49 invalidCredentials, is never retried: a bind tried twice would count twice
    /// toward the account's lockout in AD. A timeout is not retried either: it would double the wait the RADIUS client sees.
    /// </summary>
    internal static class LdapRetryPolicy
    {
        // Result codes of the Windows LDAP client, which System.DirectoryServices.Protocols also reports on Linux.
        private const int ServerDown = 81;          // LDAP_SERVER_DOWN: the connection is gone (closed, reset)
        private const int ConnectError = 91;        // LDAP_CONNECT_ERROR: it could not be (re)established
        private const int Unavailable = 52;         // unavailable: the server is shutting down this connection
        // OpenLDAP's own codes, should a build pass them through unmapped.
        private const int OpenLdapServerDown = -1;
        private const int OpenLdapConnectError = -11;

        public static bool ShouldRetry(Exception error, bool onPooledConnection, int attemptsMade) =>
            ShouldRetry((error as LdapException)?.ErrorCode, onPooledConnection, attemptsMade);

        /// <param name="ldapErrorCode">The LdapException's ErrorCode; null for any other failure, which is never retried.</param>
        public static bool ShouldRetry(int? ldapErrorCode, bool onPooledConnection, int attemptsMade) =>
            onPooledConnection && attemptsMade == 1 && ldapErrorCode is int code && IsConnectionLost(code);

        private static bool IsConnectionLost(int errorCode) =>
            errorCode == ServerDown || errorCode == ConnectError || errorCode == Unavailable || errorCode == OpenLdapServerDown || errorCode == OpenLdapConnectError;
    }
}
