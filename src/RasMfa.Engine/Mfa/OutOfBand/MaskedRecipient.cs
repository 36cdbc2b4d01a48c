namespace RasMfa.Engine.Mfa.OutOfBand
{
    /// <summary>
    /// Where a code went, as a prompt may show it: enough for the user to know which phone or mailbox, too little to
    /// learn the number or address. The masks are of fixed width, so they do not tell the length either.
    /// </summary>
    public static class MaskedRecipient
    {
        private const string Hidden = "\u2022\u2022\u2022";

        /// <summary>+15550100101 → +1•••••0101.</summary>
        public static string Phone(string e164) =>
            e164.Length < 8 ? Hidden : e164.Substring(0, 2) + Hidden + "\u2022\u2022" + e164.Substring(e164.Length - 4);

        /// <summary>alice@corp.example → a•••@corp.example.</summary>
        public static string Mail(string address)
        {
            int at = address.LastIndexOf('@');
            return at <= 0 ? Hidden : address.Substring(0, 1) + Hidden + address.Substring(at);
        }
    }
}
