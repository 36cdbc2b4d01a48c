using System;
using System.Runtime.CompilerServices;
using Npgsql;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// A PostgreSQL connection string as the machine-wide setting keeps it: read by Npgsql's own parser (so several
    /// hosts, "Host=a,b;Target Session Attributes=primary", and every other Npgsql keyword work as Npgsql documents them),
    /// and without credentials: the password comes only from the admin's credential and is kept sealed, never in clear.
    /// </summary>
    internal static class PostgreSqlConnectionText
    {
        public const string InvalidErrorId = "StoreConnectionStringInvalid";
        public const string CredentialErrorId = "StoreConnectionStringHasCredential";

        /// <summary>Npgsql's own form of <paramref name="text"/>; refuses a string Npgsql cannot read or one that carries credentials.</summary>
        /// <param name="requiresTls">False when the string lets the connection to a host that is not this machine go without TLS that checks the server's certificate (VerifyCA or VerifyFull).</param>
        public static string Validate(string text, out bool requiresTls)
        {
            var (canonical, tls) = PostgreSqlClient.Guarded(() => Parse(text));
            requiresTls = tls;
            return canonical;
        }

        /// <summary>The full connection string that opens the store; it holds the password, so it is handed only to Npgsql.</summary>
        public static string WithCredentials(string connectionString, string userName, string password) =>
            PostgreSqlClient.Guarded(() => Combine(connectionString, userName, password));

        // Apart, and never inlined, so that Npgsql loads only when this runs, inside Guarded.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static (string, bool) Parse(string text)
        {
            NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = new NpgsqlConnectionStringBuilder(text);
            }
            catch (Exception e) when (e is ArgumentException || e is FormatException || e is InvalidCastException || e is OverflowException)
            {
                throw new StoreException(StoreErrorKind.Invalid, InvalidErrorId, $"The PostgreSQL connection string cannot be read: {e.Message}", e);
            }
            if (string.IsNullOrWhiteSpace(builder.Host))
                throw new StoreException(StoreErrorKind.Invalid, InvalidErrorId, "The PostgreSQL connection string names no server: add Host=name (or Host=first,second for several).");
            string? carried = !string.IsNullOrEmpty(builder.Password) ? "a password (Password)"
                : !string.IsNullOrEmpty(builder.Passfile) ? "a password file (Passfile)"
                : !string.IsNullOrEmpty(builder.SslPassword) ? "a client key password (SSL Password)"
                : !string.IsNullOrEmpty(builder.Username) ? "a user name (Username)"
                : null;
            if (carried != null)
                throw new StoreException(StoreErrorKind.Invalid, CredentialErrorId,
                    $"The PostgreSQL connection string carries {carried}. Leave the user name and password out of it and give them as the credential: " +
                    "the password is then kept sealed for this machine, while the connection string is kept and shown in clear.");
            // Require encrypts but checks no certificate: whoever sits on the path can answer as the database.
            bool tls = builder.SslMode == SslMode.VerifyCA || builder.SslMode == SslMode.VerifyFull;
            return (builder.ConnectionString, tls || OnlyThisMachine(builder.Host!));
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string Combine(string connectionString, string userName, string password) =>
            new NpgsqlConnectionStringBuilder(connectionString) { Username = userName, Password = password }.ConnectionString;

        // Loopback names and addresses and Unix sockets (a path): traffic that never leaves the machine.
        private static bool OnlyThisMachine(string hosts)
        {
            foreach (var entry in hosts.Split(','))
            {
                var host = entry.Trim();
                if (host.StartsWith("/", StringComparison.Ordinal) || host.StartsWith("@", StringComparison.Ordinal)) continue;
                if (host.StartsWith("[", StringComparison.Ordinal)) host = host.Substring(1, Math.Max(0, host.IndexOf(']') - 1));
                else if (host.IndexOf(':') == host.LastIndexOf(':') && host.IndexOf(':') > 0) host = host.Substring(0, host.IndexOf(':'));
                bool loopback = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || host == "::1"
                    || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
                if (!loopback) return false;
            }
            return true;
        }
    }
}
