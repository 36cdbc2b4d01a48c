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
        /// The one write of a decision, in one transaction. First the request's key (<paramref name="request"/>; null for an
        /// audit record written late, which decides no request): when another
        /// server has recorded an answer to the same request already, nothing of this login is written (a reserved attempt
        /// is given back: the other server's write counted the attempt), no audit record is made, and
        /// <see cref="LoginSettlement.DecidedElsewhere"/> holds that answer. Else the challenge the request answers is spent
        /// (one gone already: <see cref="LoginSettlement.StateSpentElsewhere"/>, and nothing but the record is written), then
        /// a reserved attempt kept (a wrong password) or given back and the user admitted again, a code attempt admitted (the
        /// user may still try) and then the code used up (and the failure count cleared) or a failure counted; then what
        /// <paramref name="describe"/> makes from what was written: the challenge it opens, the answer under the request's key,
        /// and the audit record. An audit record the store refuses leaves the rest written and is reported in
        /// <see cref="LoginSettlement.AuditError"/>.
        /// </summary>
        Task<LoginSettlement> SettleAsync(LoginWrite write, DecidedRequest? request, Func<LoginSettlement, LoginRecord> describe);

        /// <summary>
        /// Before a first factor is checked (a domain password: a directory bind, or an upstream RADIUS server), the request's
        /// key is claimed for <see cref="DecidedRequest.ServerId"/>, in a write of its own: unless another server holds it
        /// (claimed less than <paramref name="lease"/> ago, or answered), it becomes this server's. Returns what the key holds
        /// after the write.
        /// </summary>
        Task<RequestDecision> ClaimAsync(DecidedRequest request, TimeSpan lease);

        /// <summary>What the store holds under a request's key (a read), or null.</summary>
        RequestDecision? FindDecision(byte[] requestKey);

        /// <summary>The challenge a State names (a read), whether expired or not, or null.</summary>
        PendingChallenge? FindChallenge(byte[] state);

        /// <summary>Challenges not expired at <paramref name="nowUtc"/>, per client.</summary>
        ChallengeCounts CountChallenges(DateTime nowUtc);

        /// <summary>Removes up to <paramref name="batch"/> expired challenges and answers kept under request keys (and, in the same batches, expired mailed enrolments and the like); returns how many.</summary>
        Task<int> PurgeExpiredAsync(DateTime nowUtc, int batch);
    }
}
