using RasMfa.Engine.Tokens;

namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>An authenticator app's (or a time-based hardware token's) code, RFC 6238, within the configured window and drift.</summary>
    public sealed class TotpMethod : OtpMethod
    {
        public TotpMethod(OtpToken token)
            : base(token)
        {
        }

        public override string Name => "TOTP";

        protected override OtpMatch? Find(CodeResponse response, MethodRequest request) =>
            OtpVerifier.FindTotp(Token, request.NowUtc, request.Settings, response.Matches);
    }
}
