using System;
using System.DirectoryServices.Protocols;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Radius;

namespace RasMfa.Engine.Directories
{
    /// <summary>
    /// Before the password: with a service account, the search the check makes anyway tells which account the name is, so
    /// the login path can count a wrong password sent under any of the account's names. The entry found is kept for this
    /// checker's own check of the same name on the same server (one search per login, as before), and used once.
    /// </summary>
    public sealed partial class DirectoryChecker : IAccountIdentifier
    {
        private Identified? _identified;

        public Task<FirstFactorAccount?> IdentifyAsync(string userName, CancellationToken cancellationToken)
        {
            if (_directory.BindUserName == null || ReceivedText.NameFlaw(userName) != null) return Task.FromResult<FirstFactorAccount?>(null);
            return Task.Run(() => Identify(userName), cancellationToken);
        }

        private FirstFactorAccount? Identify(string userName)
        {
            foreach (var server in _directory.Servers)
            {
                try
                {
                    var (entry, netBiosDomain) = _pool.Use(_directory, server, connection => Search(connection, userName));
                    Volatile.Write(ref _identified, new Identified(server, userName, entry, netBiosDomain));
                    return entry == null
                        ? FirstFactorAccount.Unresolved($"no such user in directory {_directory.Name}")
                        : BoundAccount.FromEntry(_directory, entry, netBiosDomain);
                }
                catch (Exception e) when (e is LdapException || e is DirectoryOperationException || e is PlatformNotSupportedException || e is InvalidOperationException)
                {
                    // The next server, as the check does; none answering: not known before the password, and the check says why.
                }
            }
            return null;
        }

        private (SearchResultEntry? Entry, string? NetBiosDomain) Search(LdapConnection connection, string userName)
        {
            var found = FindUser(connection, userName);
            return (found, found == null ? null : BoundAccount.NetBiosDomainOf(_directory, connection, found));
        }

        // The search IdentifyAsync made for this name on this server, once; null: search again.
        private (SearchResultEntry? Entry, string? NetBiosDomain)? TakeIdentified(string server, string userName)
        {
            var identified = Interlocked.Exchange(ref _identified, null);
            if (identified == null || identified.Server != server || !string.Equals(identified.UserName, userName, StringComparison.Ordinal)) return null;
            return (identified.Entry, identified.NetBiosDomain);
        }

        private sealed class Identified
        {
            public Identified(string server, string userName, SearchResultEntry? entry, string? netBiosDomain)
            {
                Server = server;
                UserName = userName;
                Entry = entry;
                NetBiosDomain = netBiosDomain;
            }

            public string Server { get; }

            public string UserName { get; }

            public SearchResultEntry? Entry { get; }

            public string? NetBiosDomain { get; }
        }
    }
}
