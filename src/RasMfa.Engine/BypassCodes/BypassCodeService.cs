using System;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.BypassCodes
{
    /// <summary>
    /// The engine's front door for bypass codes (for a user who lost their phone): made, listed, removed. Each change is
    /// written to the authentication log, in the same transaction, with method "Bypass" and the admin who made it, so that
    /// every server sharing the store shows who could let whom in without the second factor.
    /// </summary>
    public sealed class BypassCodeService
    {
        public const int MaxCount = 10;
        public const int MaxUses = 10;

        /// <summary>Codes a user may hold at once (not expired, uses left): the guessing bound in BypassCodeSecret counts on it.</summary>
        public const int MaxLivePerUser = 10;

        public static readonly TimeSpan DefaultValidFor = TimeSpan.FromDays(1);
        public static readonly TimeSpan MaxValidFor = TimeSpan.FromDays(30);

        public const string CreatedResult = "BypassCodeCreated";
        public const string RemovedResult = "BypassCodeRemoved";
        public const string MethodName = "Bypass";

        private readonly IBypassCodeStore _codes;
        private readonly IUserStore _users;

        public BypassCodeService(IBypassCodeStore codes, IUserStore users)
        {
            _codes = codes;
            _users = users;
        }

        /// <summary>Makes <paramref name="count"/> codes for the user; null when the review did not approve it. The codes leave only in the result.</summary>
        public IReadOnlyList<IssuedBypassCode>? New(string userName, int count, TimeSpan validFor, int uses, string createdBy, DateTime nowUtc, IChangeReview review)
        {
            if (count < 1 || count > MaxCount)
                throw new EngineException(EngineErrorKind.InvalidArgument, "BypassCodeCountOutOfRange", $"Count must be from 1 to {MaxCount}; it was {count}.", target: count);
            if (uses < 1 || uses > MaxUses)
                throw new EngineException(EngineErrorKind.InvalidArgument, "BypassCodeUsesOutOfRange", $"Uses must be from 1 to {MaxUses}; it was {uses}.", target: uses);
            if (validFor <= TimeSpan.Zero || validFor > MaxValidFor)
                throw new EngineException(EngineErrorKind.InvalidArgument, "BypassCodeValidForOutOfRange",
                    $"ValidFor must be more than zero and at most {MaxValidFor.TotalDays} days; it was {validFor}.", target: validFor);
            var user = _users.Get(userName) ?? throw UserService.NotFound(userName);
            if (!review.Approve(user.UserName, $"Create {count} bypass code(s), each good for {uses} login(s) until {nowUtc + validFor:u}")) return null;
            int live = _codes.List(user.Id).Count(code => code.UsesLeft > 0 && code.ExpiresUtc > nowUtc);
            if (live + count > MaxLivePerUser)
                throw new EngineException(EngineErrorKind.Conflict, "BypassCodeLimitReached",
                    $"'{user.UserName}' holds {live} usable bypass code(s); at most {MaxLivePerUser} at once. Remove some first (Remove-RasMfaBypassCode).", target: userName);

            var clear = new List<string>(count);
            var rows = new List<NewBypassCode>(count);
            var expires = nowUtc + validFor;
            for (int i = 0; i < count; i++)
            {
                var code = BypassCodeSecret.NewCode();
                var key = BypassCodeSecret.NewKey();
                clear.Add(code);
                rows.Add(new NewBypassCode(key, BypassCodeSecret.Hash(key, code), uses, nowUtc, expires, createdBy));
            }
            var audit = new AuthenticationRecord
            {
                TimeUtc = nowUtc,
                UserName = user.UserName,
                Result = CreatedResult,
                Reason = $"{count} code(s) created by {createdBy}, {uses} use(s) each, expiring {expires:u}",
                Method = MethodName,
            };
            var ids = _codes.Add(user.Id, rows, audit, MaxLivePerUser);
            var issued = new List<IssuedBypassCode>(count);
            for (int i = 0; i < count; i++)
                issued.Add(new IssuedBypassCode(new BypassCode(ids[i], user.UserName, nowUtc, expires, uses, createdBy), clear[i]));
            return issued;
        }

        /// <summary>Every code, or those of <paramref name="userName"/> (which must exist).</summary>
        public IReadOnlyList<BypassCode> List(string? userName = null)
        {
            if (userName == null) return _codes.List();
            var user = _users.Get(userName) ?? throw UserService.NotFound(userName);
            return _codes.List(user.Id);
        }

        /// <summary>Removes one code by id, or every code of a user; each removal audited. How many were removed.</summary>
        public int Remove(long? id, string? userName, string removedBy, DateTime nowUtc, IChangeReview review)
        {
            if ((id == null) == (userName == null))
                throw new EngineException(EngineErrorKind.InvalidArgument, "BypassCodeSelectionInvalid", "Name either a code's Id or a UserName.");
            List<BypassCode> chosen;
            string target;
            if (id != null)
            {
                var found = _codes.List().FirstOrDefault(code => code.Id == id.Value)
                    ?? throw new EngineException(EngineErrorKind.NotFound, "BypassCodeNotFound", $"No bypass code has the id {id}.", target: id);
                chosen = new List<BypassCode> { found };
                target = $"bypass code {id} of '{found.UserName}'";
            }
            else
            {
                chosen = List(userName).ToList();
                target = $"every bypass code of '{userName}' ({chosen.Count})";
            }
            if (chosen.Count == 0 || !review.Approve(target, "Remove bypass code (it no longer logs in)")) return 0;
            return _codes.Remove(chosen.Select(code => code.Id).ToList(), code => new AuthenticationRecord
            {
                TimeUtc = nowUtc,
                UserName = code.UserName,
                Result = RemovedResult,
                Reason = $"code {code.Id} removed by {removedBy} ({code.UsesLeft} use(s) left, expiring {code.ExpiresUtc:u})",
                Method = MethodName,
            });
        }
    }
}
