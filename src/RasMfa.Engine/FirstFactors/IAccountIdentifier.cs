using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.FirstFactors
{
    /// <summary>
    /// A first factor that can say which account a name is before the password is checked (a directory with a service
    /// account), so that the stored user is known, their attempt reserved and a wrong password counted, whichever of the
    /// account's names was sent. Without it the account is known only once a password passed.
    /// </summary>
    public interface IAccountIdentifier
    {
        /// <summary>
        /// The account <paramref name="userName"/> names, under all its names; unresolved when the directory finds no one
        /// entry for it; null when it cannot be told before the password (no service account, or no server answered).
        /// </summary>
        Task<FirstFactorAccount?> IdentifyAsync(string userName, CancellationToken cancellationToken);
    }
}
