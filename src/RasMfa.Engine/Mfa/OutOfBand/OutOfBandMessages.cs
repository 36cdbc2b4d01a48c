using RasMfa.Engine.Delivery;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Users;
using RasMfa.Engine.Clients;

namespace RasMfa.Engine.Mfa.OutOfBand
{
    /// <summary>
    /// The words of a sent code: short for SMS and a call (whose channel reads it out digit by digit, twice: <see cref="SpokenText"/>),
    /// a plain mail.
    /// </summary>
    public static class OutOfBandMessages
    {
        public const string Subject = "Your sign-in code";

        public static OutgoingMessage For(MethodKind kind, string recipient, string code, int lifetimeSeconds)
        {
            int minutes = (lifetimeSeconds + 59) / 60;
            string text = kind switch
            {
                MethodKind.Voice => $"Your sign-in code is {code}.",
                MethodKind.Email => $"Your sign-in code is {code}.\r\n\r\nIt expires in {minutes} minutes. If you did not try to sign in, tell your administrator.",
                _ => $"Your sign-in code is {code}. It expires in {minutes} minutes.",
            };
            return new OutgoingMessage(recipient, Subject, text);
        }
    }
}
