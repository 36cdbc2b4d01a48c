using System.Collections.Generic;

namespace RasMfa.Engine.Tokens
{
    /// <summary>Where OTP tokens are kept for administration; the login path reads and uses them up through <see cref="Mfa.ILoginStore"/>.</summary>
    public interface ITokenStore
    {
        IReadOnlyList<OtpToken> List();

        OtpToken? GetBySerial(string serial);

        /// <summary>Stores a new token beside any its user holds; with <paramref name="replaceUsersTokens"/>, in the same transaction removes every token its user had.</summary>
        void Add(OtpToken token, bool replaceUsersTokens = false);

        /// <summary>Stores many tokens in one transaction; a serial already stored is refused for that token alone.</summary>
        IReadOnlyList<string?> AddMany(IReadOnlyList<OtpToken> tokens);

        /// <summary>Sets an HOTP token's next counter (resynchronisation).</summary>
        void SetHotpCounter(long tokenId, long counter);

        /// <summary>Gives the token to a user (null: unassigns it), beside any other tokens the user holds.</summary>
        void Assign(string serial, long? userId);

        void Remove(string serial);

        /// <summary>Records a TOTP step as used, only if it is later than every step used before: the replay guard, atomic across processes.</summary>
        bool TryConsumeTotpStep(long tokenId, long step, int driftSteps);
    }
}
