using System;
using System.Collections.Generic;
using System.DirectoryServices.Protocols;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Radius;

namespace RasMfa.Engine.Directories
{
    /// <summary>
    /// The password checked by a simple bind as the user, over LDAPS or StartTLS, on each server in order until one
    /// answers. With a service account the user is found first (so DOMAIN\name, name@suffix and name all work) and a
    /// failed bind is explained from the account's state; the reason goes to the audit log, never to the client. A passed
    /// check says which account it was, under all its names (<see cref="BoundAccount"/>).
    /// </summary>
    public sealed partial class DirectoryChecker : IFirstFactorChecker
    {
        private const int InvalidCredentials = 49;
        private readonly DirectoryDefinition _directory;
        private readonly LdapSearchPool _pool;

        public DirectoryChecker(DirectoryDefinition directory) : this(directory, LdapSearchPool.Shared)
        {
        }

        internal DirectoryChecker(DirectoryDefinition directory, LdapSearchPool pool)
        {
            _directory = directory;
            _pool = pool;
        }

        public Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken)
        {
            // An empty password is an anonymous bind, which LDAP servers accept: never let it through. Nor one that a C LDAP
            // library would cut at a NUL into an empty one, or that would be sent as other octets than received. The
            // request path refuses both first (MalformedInputStage); this is for any path that comes later.
            if (password.Length == 0) return Task.FromResult(new FirstFactorResult(FirstFactorOutcome.Rejected, "empty password"));
            var flaw = ReceivedText.PasswordFlaw(password) is { } passwordFlaw ? "malformed password: " + passwordFlaw
                : ReceivedText.NameFlaw(userName) is { } nameFlaw ? "malformed user name: " + nameFlaw : null;
            if (flaw != null) return Task.FromResult(new FirstFactorResult(FirstFactorOutcome.Rejected, flaw + "; no bind was made"));
            return Task.Run(() => Check(userName, password), cancellationToken);
        }

        private FirstFactorResult Check(string userName, byte[] password)
        {
            var tried = new List<string>();
            foreach (var server in _directory.Servers)
            {
                SearchResultEntry? entry = null;
                string? netBiosDomain = null;
                try
                {
                    string identity = userName;
                    if (_directory.BindUserName != null)
                    {
                        (entry, netBiosDomain) = TakeIdentified(server, userName) ?? _pool.Use(_directory, server, connection => Search(connection, userName));
                        if (entry == null) return new FirstFactorResult(FirstFactorOutcome.Rejected, $"no such user in directory {_directory.Name}");
                        identity = entry.DistinguishedName;
                    }
                    using var connection = LdapConnections.Open(_directory, server);
                    LdapConnections.Bind(connection, identity, password);
                    // Which account that was, under all its names: the one searched for, or (bound by the name sent) asked of the directory.
                    var account = entry != null ? BoundAccount.FromEntry(_directory, entry, netBiosDomain) : BoundAccount.AskDirectory(_directory, server, connection, identity);
                    return new FirstFactorResult(FirstFactorOutcome.Accepted, $"password accepted by {_directory.Name} ({server})", account: account);
                }
                catch (LdapException e) when (e.ErrorCode == InvalidCredentials)
                {
                    return new FirstFactorResult(FirstFactorOutcome.Rejected, $"{DirectoryAccount.ExplainFailedBind(entry, DateTime.UtcNow)} ({_directory.Name})");
                }
                catch (Exception e) when (e is LdapException || e is DirectoryOperationException || e is PlatformNotSupportedException || e is InvalidOperationException)
                {
                    tried.Add($"{server}: {e.Message.Trim()}");
                }
            }
            return new FirstFactorResult(FirstFactorOutcome.Unavailable, $"first factor unavailable: {string.Join("; ", tried)}");
        }

        internal SearchResultEntry? FindUser(LdapConnection connection, string userName)
        {
            var baseDn = _directory.BaseDN ?? DefaultNamingContext(connection);
            var request = new SearchRequest(baseDn, LdapFilter.ForUser(_directory.Type, userName), SearchScope.Subtree, DirectoryAccount.StateAttributes.Concat(BoundAccount.NameAttributes).Concat(new[] { "distinguishedName" }).ToArray())
            {
                SizeLimit = 2,
            };
            var response = (SearchResponse)connection.SendRequest(request);
            return response.Entries.Count == 1 ? response.Entries[0] : null;
        }

        internal static string DefaultNamingContext(LdapConnection connection)
        {
            var response = (SearchResponse)connection.SendRequest(new SearchRequest("", "(objectClass=*)", SearchScope.Base, "defaultNamingContext", "namingContexts"));
            var root = response.Entries[0];
            return DirectoryAccount.Text(root, "defaultNamingContext") ?? DirectoryAccount.Text(root, "namingContexts")
                ?? throw new InvalidOperationException("The directory names no naming context; set -BaseDN.");
        }
    }
}
