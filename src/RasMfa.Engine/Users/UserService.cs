using System;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Administration;


namespace RasMfa.Engine.Users
{
    /// <summary>The engine's front door for users: the rules of a valid user, checked once, and each change in one transaction.</summary>
    public sealed class UserService
    {
        private readonly IUserStore _users;
        private readonly Func<DateTime> _clock;

        /// <param name="clock">
        /// Now by the store's clock (<c>Hosting/StoreClock</c>), which listeners time locks by; this machine's when not given
        /// (a SQLite store, whose servers all share this machine's clock).
        /// </param>
        public UserService(IUserStore users, Func<DateTime>? clock = null)
        {
            _users = users;
            _clock = clock ?? (() => DateTime.UtcNow);
        }

        public IReadOnlyList<UserDetails> List()
        {
            var serials = _users.TokenSerialsByUser();
            var now = _clock();
            return _users.List().Select(user => new UserDetails(user, serials.TryGetValue(user.Id, out var held) ? held : null, now)).ToList();
        }

        public UserDetails Get(string userName) => Describe(Find(userName));

        /// <summary>Creates a user; null when the review did not approve it.</summary>
        public UserDetails? Add(string userName, UserChanges fields, IChangeReview review)
        {
            var user = new MfaUser(userName.Trim());
            Apply(user, fields, userName);
            if (!review.Approve(userName, "Create RasMfa user")) return null;
            _users.Add(user);
            return new UserDetails(user, null, _clock());
        }

        /// <summary>Changes the user's fields, gives it a token and sets its default token, all in one transaction; null when not approved.</summary>
        public UserDetails? Change(string userName, UserChanges changes, IChangeReview review)
        {
            var user = Find(userName);
            Apply(user, changes, userName);
            var defaultSerial = changes.DefaultTokenSerial?.Trim();
            if (defaultSerial != null)
            {
                var held = _users.TokenSerialsOf(user.Id);
                bool holds = held.Any(serial => string.Equals(serial, defaultSerial, System.StringComparison.OrdinalIgnoreCase))
                    || string.Equals(changes.TokenSerial?.Trim(), defaultSerial, System.StringComparison.OrdinalIgnoreCase);
                if (!holds) throw NotHeld(user.UserName, defaultSerial, held);
            }
            var action = "Change RasMfa user";
            if (changes.TokenSerial != null) action += $" and give it token {changes.TokenSerial}";
            if (defaultSerial != null) action += $"; its default token becomes {defaultSerial}";
            if (!review.Approve(userName, action)) return null;
            try
            {
                _users.Update(user, changes.TokenSerial, defaultSerial);
            }
            catch (EngineException e) when (e.ErrorId == PendingEnrollmentNotAssignable)
            {
                // A mailed enrolment becomes a token only through Confirm-RasMfaEnrollment: its code proves the mailbox's owner
                // read it, and its expiry holds. The store's write refuses it to every caller (Users may not name Tokens).
                throw PendingNotAssignable(changes.TokenSerial!.Trim());
            }
            catch (EngineException e) when (e.ErrorId == "TokenNotHeldByUser")
            {
                // The token was removed or given to someone else between the check above and the write.
                throw NotHeld(user.UserName, defaultSerial!, _users.TokenSerialsOf(user.Id));
            }
            return Describe(user);
        }

        internal static EngineException PendingNotAssignable(string serial) =>
            new EngineException(EngineErrorKind.InvalidArgument, PendingEnrollmentNotAssignable,
                $"'{serial}' is a mailed enrolment waiting for its confirmation; it becomes the user's token only with Confirm-RasMfaEnrollment and a code from the app.", target: serial);

        public const string PendingEnrollmentNotAssignable = "PendingEnrollmentNotAssignable";

        private static EngineException NotHeld(string userName, string serial, IReadOnlyList<string> held) =>
            new EngineException(EngineErrorKind.InvalidArgument, "TokenNotHeldByUser",
                $"'{userName}' holds no token with the serial '{serial}'; " +
                (held.Count == 0 ? "they hold none." : $"their tokens: {string.Join(", ", held)}."), target: serial);

        public UserDetails? SetEnabled(string userName, bool enabled, IChangeReview review)
        {
            var user = Find(userName);
            if (!review.Approve(user.UserName, enabled ? "Enable RasMfa user" : "Disable RasMfa user")) return null;
            user.Enabled = enabled;
            _users.Update(user);
            return Describe(user);
        }

        public UserDetails? Unlock(string userName, IChangeReview review)
        {
            var user = Find(userName);
            if (!review.Approve(user.UserName, "Unlock RasMfa user and clear its failure count")) return null;
            _users.Unlock(user.Id);
            return Get(user.UserName);
        }

        /// <summary>Removes the user; its tokens, if any, are kept unassigned: a hardware token goes back to the pool.</summary>
        public void Remove(string userName, IChangeReview review)
        {
            var user = Find(userName);
            if (!review.Approve(user.UserName, "Remove RasMfa user")) return;
            _users.Remove(user.UserName);
        }

        /// <summary>Creates or updates users by name in one transaction; a bad row fails alone.</summary>
        public IReadOnlyList<UserImportOutcome> Import(IReadOnlyList<UserImportRow> rows) => UserImport.Apply(_users, rows);

        public static EngineException NotFound(string userName) =>
            new EngineException(EngineErrorKind.NotFound, "RasMfaUserNotFound", $"No user is named '{userName}'.");

        // A name with a lone surrogate (half of a UTF-16 pair) can name no stored user; it is refused as invalid, with its id.
        private MfaUser Find(string userName)
        {
            if (UserNameRules.HasLoneSurrogate(userName))
                throw new EngineException(EngineErrorKind.InvalidArgument, "InvalidRasMfaUser",
                    "The user name contains a lone surrogate (half of a UTF-16 pair), which no user name holds.", target: userName);
            return _users.Get(userName) ?? throw NotFound(userName);
        }

        private UserDetails Describe(MfaUser user) => new UserDetails(user, _users.TokenSerialsOf(user.Id), _clock());

        private static void Apply(MfaUser user, UserChanges changes, string givenName)
        {
            user.UserName = changes.NewUserName?.Trim() ?? user.UserName;
            user.DisplayName = NullIfBlank(changes.DisplayName.Or(user.DisplayName));
            user.Email = NullIfBlank(changes.Email.Or(user.Email));
            user.PhoneNumber = NullIfBlank(changes.PhoneNumber.Or(user.PhoneNumber));
            user.Enabled = changes.Enabled ?? user.Enabled;
            var problem = UserNameRules.Reject(user.UserName) ?? UserFields.Problem(new UserImportRow { Email = user.Email, PhoneNumber = user.PhoneNumber });
            if (problem != null) throw new EngineException(EngineErrorKind.InvalidArgument, "InvalidRasMfaUser", problem, target: givenName);
            // A number the admin types now is one an SMS or a call can reach; an imported one stays as the directory has it.
            if (changes.PhoneNumber.HasValue && user.PhoneNumber != null && PhoneNumbers.ToE164(user.PhoneNumber) == null)
            {
                throw new EngineException(EngineErrorKind.InvalidArgument, "InvalidRasMfaUser",
                    $"'{user.PhoneNumber}' is not an E.164 phone number: give '+', the country code and the number (+1 555 010 0101).", target: givenName);
            }
            UserMethodChoice.Apply(user, changes, givenName);
        }

        private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
    }
}
