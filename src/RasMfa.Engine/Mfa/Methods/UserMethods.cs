using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Tokens;

namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>
    /// The methods a user holds, default first: one per token they hold, in the store's order (the token set as the
    /// user's default, else the oldest, then the rest oldest first), then their bypass codes, if any. A challenge
    /// begins with the default; a response is tried against every method, and the first (default first) that matches wins.
    /// </summary>
    public sealed class UserMethods
    {
        public static readonly UserMethods None = new UserMethods(new ISecondFactorMethod[0]);

        public UserMethods(IReadOnlyList<ISecondFactorMethod> methods) => All = methods;

        /// <summary>Default first.</summary>
        public IReadOnlyList<ISecondFactorMethod> All { get; }

        public ISecondFactorMethod? Default => All.Count == 0 ? null : All[0];

        public static UserMethods Of(LoginSubject? subject)
        {
            if (subject == null || (subject.Tokens.Count == 0 && subject.BypassCodes.Count == 0)) return None;
            var methods = new List<ISecondFactorMethod>(subject.Tokens.Count + 1);
            foreach (var token in subject.Tokens) methods.Add(For(token));
            // After the tokens: a lost phone's codes are never the default of a user who still holds a token.
            if (subject.BypassCodes.Count > 0) methods.Add(new BypassCodeMethod(subject.BypassCodes));
            return new UserMethods(methods);
        }

        public static ISecondFactorMethod For(OtpToken token) =>
            token.Type == OtpTokenType.Totp ? new TotpMethod(token) : (ISecondFactorMethod)new HotpMethod(token);

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
