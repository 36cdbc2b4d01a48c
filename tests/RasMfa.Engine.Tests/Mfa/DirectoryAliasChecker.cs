using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Radius;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// A first factor standing in for Active Directory: it accepts the account's password under every name a simple bind
    /// (or the service account's search, LdapFilter.ForUser) takes for that one account: its UPN, DOMAIN\sAMAccountName,
    /// the bare sAMAccountName (found by the search) and its distinguished name ([MS-ADTS] 5.1.1.1.1 lists the name forms).
    /// Like DirectoryChecker, a passed check names the account (or, when told to, says it could not tell which it was), and,
    /// as one with a service account does, it names the account before the password (unless <see cref="ServiceAccount"/> is off).
    /// </summary>
    public sealed class DirectoryAliasChecker : IFirstFactorChecker, IAccountIdentifier
    {
        public const string Password = "Correct horse 1";
        public const string Upn = "alice.smith@corp.example";
        public const string Sam = "asmith";
        public const string Dn = "CN=Alice Smith,OU=Staff,DC=corp,DC=example";
        private readonly HashSet<string> _names;
        private readonly byte[] _password = Encoding.UTF8.GetBytes(Password);

        public DirectoryAliasChecker(FirstFactorAccount account, params string[] namesOfOneAccount)
        {
            Account = account;
            _names = new HashSet<string>(namesOfOneAccount, StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The account as DirectoryChecker names it from its entry: alice.smith@corp.example, sAMAccountName asmith in CORP.</summary>
        public static FirstFactorAccount AliceSmith { get; } =
            AccountNames.ForActiveDirectory(Dn, Upn, Sam, new Guid("6f9619ff-8b86-d011-b42d-00c04fc964ff"), "CORP");

        /// <summary>Alice Smith's account, taken under each of its names.</summary>
        public static DirectoryAliasChecker ForAliceSmith(FirstFactorAccount? account = null) =>
            new DirectoryAliasChecker(account ?? AliceSmith, Upn, "CORP\\" + Sam, Sam, Dn);

        public FirstFactorAccount Account { get; set; }

        /// <summary>True: the account is found by a service account's search before the bind; false: known only once bound.</summary>
        public bool ServiceAccount { get; set; } = true;

        public Task<FirstFactorAccount?> IdentifyAsync(string userName, CancellationToken cancellationToken) =>
            Task.FromResult(!ServiceAccount ? null : _names.Contains(userName) ? Account : FirstFactorAccount.Unresolved("no such user in the stand-in directory"));

        public Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken) =>
            Task.FromResult(_names.Contains(userName) && password.SequenceEqual(_password)
                ? new FirstFactorResult(FirstFactorOutcome.Accepted, "accepted by the stand-in directory", new RadiusAttribute[0], Account)
                : new FirstFactorResult(FirstFactorOutcome.Rejected, "rejected by the stand-in directory"));
    }
}
