using System;
using System.Threading.Tasks;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Mfa
{
    /// <summary>
    /// What a login reads and writes. The read is one query; a decision's writes and its audit record are one unit,
    /// batched with other logins' into shared transactions (group commit), and each task completes only once durable.
    /// </summary>
    public interface ILoginStore
    {
        /// <summary>The user a RADIUS User-Name names (see <see cref="UserNameRules"/>) and the tokens they hold, or that it names nobody or several.</summary>
        LoginLookup Find(string requestedName);

        /// <summary>
        /// The stored user whose name is, by <see cref="UserNameKey"/>, any one of <paramref name="names"/> (every name of one
        /// directory account), in one read: nobody, one, or several users (ambiguous). Exact names only, no name rules.
        /// </summary>
        LoginLookup FindByNames(System.Collections.Generic.IReadOnlyCollection<string> names);

        /// <summary>
        /// Before a known user's domain password is checked: admits the attempt as a code's is admitted (the user, as this
        /// write finds them, present, enabled, not locked) and counts its failure at once, locking at the policy's
        /// threshold, so that of passwords sent at once at most the threshold are checked. <paramref name="userId"/> 0
        /// (an unknown or ambiguous name) changes no user but writes as a reservation does, for the same time.
        /// </summary>
        Task<AttemptReservation> ReserveAttemptAsync(long userId, LockoutPolicy lockout);

        /// <summary>
        /// Gives back reserved attempts whose login's own write was never made (the store could not be written then), each
        /// as that write would have: its count, and the lock it set if that lock is still the same. Nothing else, no audit
        /// record. In one transaction, queued behind the writes asked for before it.
        /// </summary>
        Task GiveBackAsync(System.Collections.Generic.IReadOnlyCollection<AttemptReservation> reservations);

        /// <summary>
        /// The one write of a decision, in one transaction: a reserved attempt kept (a wrong password) or given back and the
        /// user admitted again, a code attempt admitted (the user may still try) and then the code used up (and the failure count cleared) or a failure counted, then the audit record that <paramref name="describe"/> makes from what was written. An audit record
        /// the store refuses leaves the rest written and is reported in <see cref="LoginSettlement.AuditError"/>.
        /// </summary>
        Task<LoginSettlement> SettleAsync(LoginWrite write, Func<LoginSettlement, AuthenticationRecord> describe);
    }
}
