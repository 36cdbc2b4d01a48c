using RasMfa.Engine.Tokens;

namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>A counter-based hardware token's code, RFC 4226, within the configured look-ahead.</summary>
    public sealed class HotpMethod : OtpMethod
    {
        public HotpMethod(OtpToken token)
            : base(token)
        {
        }

        public override string Name => "HOTP";

        protected override OtpMatch? Find(CodeResponse response, MethodRequest request) =>
            OtpVerifier.FindHotp(Token, request.Settings, response.Matches);
    }
}
