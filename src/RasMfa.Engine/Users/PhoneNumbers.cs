namespace RasMfa.Engine.Users
{
    /// <summary>Phone numbers as SMS and voice providers take them: E.164, a '+', the country code and the number, 8 to 15 digits.</summary>
    public static class PhoneNumbers
    {
        /// <summary>The number in E.164 ("+1 (555) 010-0101" → "+15550100101"); null when it is not one (no '+' and country code).</summary>
        public static string? ToE164(string? number)
        {
            if (string.IsNullOrWhiteSpace(number)) return null;
            var digits = new System.Text.StringBuilder(16);
            var text = number!.Trim();
            if (text[0] != '+') return null;
            for (int i = 1; i < text.Length; i++)
            {
                char c = text[i];
                if (c >= '0' && c <= '9') digits.Append(c);
                else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') return null;
            }
            if (digits.Length < 8 || digits.Length > 15 || digits[0] == '0') return null;
            return "+" + digits;
        }
    }
}
