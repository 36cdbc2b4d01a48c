using System;
using System.Threading.Tasks;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Mfa;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>A settling write of a request of its own (a fresh key, nothing spent), recording a Reject with the audit record.</summary>
    public static class LoginStoreTestExtensions
    {
        public static Task<LoginSettlement> SettleAsync(this ILoginStore logins, LoginWrite write, Func<LoginSettlement, AuthenticationRecord> describe) =>
            logins.SettleAsync(write, new DecidedRequest(Guid.NewGuid().ToByteArray(), "test", DateTime.UtcNow),
                settled => new LoginRecord(describe(settled), RecordedAnswer.Reject()));
    }
}
