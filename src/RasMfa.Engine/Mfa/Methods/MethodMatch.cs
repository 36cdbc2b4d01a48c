
namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>A response that proved the factor, and what must be used up so that it is never accepted again.</summary>
    public sealed class MethodMatch
    {
        public MethodMatch(CodeUse? use)
        {
            Use = use;
        }

        /// <summary>The code's durable use (TOTP step, HOTP counter); null when the proof is single-use by itself.</summary>
        public CodeUse? Use { get; }
    }
}
