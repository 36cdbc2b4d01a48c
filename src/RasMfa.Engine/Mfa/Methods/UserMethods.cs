using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Mfa.OutOfBand;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using RasMfa.Engine.Clients;

namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>
    /// The methods a user holds, default first: one per token they hold, in the store's order (the token set as the
    /// user's default, else the oldest, then the rest oldest first), one per out-of-band method they hold and have a
    /// phone number or mail address for, and push when they hold it and the link can reach them; the user's default
    /// method, when set, goes first; their bypass codes, if any, last.
    /// A challenge begins with the default; a response is tried against every method, and the first (default first) that matches wins.
    /// </summary>
    public sealed class UserMethods
    {
        public static readonly UserMethods None = new UserMethods(new ISecondFactorMethod[0]);

        public UserMethods(IReadOnlyList<ISecondFactorMethod> methods) => All = methods;

        /// <summary>Default first.</summary>
        public IReadOnlyList<ISecondFactorMethod> All { get; }

        public ISecondFactorMethod? Default => All.Count == 0 ? null : All[0];

        /// <summary>The first method that can begin a challenge now: a token's, or an out-of-band method or push whose provider (and page) is configured.</summary>
        public ISecondFactorMethod? FirstStartable => All.FirstOrDefault(CanStart) ?? Default;

        private static bool CanStart(ISecondFactorMethod method) => method switch
        {
            OutOfBandMethod sent => sent.HasChannel,
            IPushMethod push => push.HasChannel,
            _ => true,
        };

        public static UserMethods Of(LoginSubject? subject) => Of(subject, ConfiguredDeliveryChannels.None, null);

        /// <param name="push">The listener's push method; null where push is not offered at all (then a user holding push has it not).</param>
        public static UserMethods Of(LoginSubject? subject, IDeliveryChannels channels, ISendLimits? limits, IPushMethod? push = null)
        {
            if (subject == null) return None;
            var methods = new List<ISecondFactorMethod>(subject.Tokens.Count + 4);
            foreach (var token in subject.Tokens) methods.Add(For(token));
            var user = subject.User;
            foreach (var kind in user.Methods)
            {
                if (kind == MethodKind.Push)
                {
                    if (push != null && push.Reaches(user) && !methods.Contains(push)) methods.Add(push);
                    continue;
                }
                var recipient = MethodRecipients.RecipientOf(user, kind);
                if (recipient != null && methods.All(method => KindOf(method) != kind)) methods.Add(new OutOfBandMethod(kind, recipient, channels, limits));
            }
            if (user.DefaultMethod is MethodKind preferred && methods.FirstOrDefault(method => KindOf(method) == preferred) is { } first)
            {
                methods.Remove(first);
                methods.Insert(0, first);
            }
            // Last: a lost phone's codes are never the default of a user who still holds another method.
            if (subject.BypassCodes.Count > 0) methods.Add(new BypassCodeMethod(subject.BypassCodes));
            // A mailed enrolment confirms at login only the user's first method (see PendingEnrollmentMethod).
            else if (methods.Count == 0) foreach (var pending in subject.PendingEnrollments) methods.Add(new PendingEnrollmentMethod(pending));
            return methods.Count == 0 ? None : new UserMethods(methods);
        }

        public static ISecondFactorMethod For(OtpToken token) =>
            token.Type == OtpTokenType.Totp ? new TotpMethod(token) : (ISecondFactorMethod)new HotpMethod(token);

        /// <summary>The kind of a method; null for one this list does not know (a test's), which every client allows.</summary>
        public static MethodKind? KindOf(ISecondFactorMethod method) => method switch
        {
            TotpMethod _ => MethodKind.Totp,
            PendingEnrollmentMethod _ => MethodKind.Totp,
            HotpMethod _ => MethodKind.Hotp,
            OutOfBandMethod sent => sent.Kind,
            IPushMethod _ => MethodKind.Push,
            _ => (MethodKind?)null,
        };

        /// <summary>These methods less those a client does not allow.</summary>
        public UserMethods AllowedAt(IReadOnlyList<MethodKind> allowed)
        {
            if (All.All(method => KindOf(method) is not MethodKind kind || allowed.Contains(kind))) return this;
            var kept = All.Where(method => KindOf(method) is not MethodKind kind || allowed.Contains(kind)).ToList();
            return kept.Count == 0 ? None : new UserMethods(kept);
        }

        /// <summary>The user's method of <paramref name="kind"/>, or null when they hold none (here).</summary>
        public ISecondFactorMethod? OfKind(MethodKind kind) => All.FirstOrDefault(method => KindOf(method) == kind);

        /// <summary>The first method of that name: the one a challenge began with, in round two.</summary>
        public ISecondFactorMethod? Named(string name)
        {
            foreach (var method in All) if (method.Name == name) return method;
            return null;
        }

        /// <summary>
        /// The method <paramref name="response"/> matches and its match, or the default with no match. Every method is
        /// tried, matched or not, so that the time taken does not tell which one matched.
        /// </summary>
        public async Task<(ISecondFactorMethod Method, MethodMatch? Match)> VerifyAsync(CodeResponse response, MethodRequest request, CancellationToken cancellationToken)
        {
            ISecondFactorMethod? matched = null;
            MethodMatch? match = null;
            foreach (var method in All)
            {
                var found = await method.VerifyAsync(response, request, cancellationToken).ConfigureAwait(false);
                if (found != null && match == null)
                {
                    matched = method;
                    match = found;
                }
            }
            return (matched ?? Default!, match);
        }
    }
}
