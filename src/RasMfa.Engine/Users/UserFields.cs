namespace RasMfa.Engine.Users
{
    /// <summary>Checks of a user's contact fields, shared by New-, Set- and Import-RasMfaUser.</summary>
    public static class UserFields
    {
        /// <summary>Null when the e-mail address and phone number (where given) look usable; otherwise why not.</summary>
        public static string? Problem(UserImportRow row)
        {
            if (!string.IsNullOrEmpty(row.Email) && !IsEmailAddress(row.Email!)) return $"'{row.Email}' is not an e-mail address.";
            if (!string.IsNullOrEmpty(row.PhoneNumber) && !IsPhoneNumber(row.PhoneNumber!)) return $"'{row.PhoneNumber}' is not a phone number (digits, spaces, +, -, parentheses).";
            return null;
        }

        public static bool IsEmailAddress(string text)
        {
            int at = text.IndexOf('@');
            return at > 0 && at < text.Length - 1 && text.IndexOf('@', at + 1) < 0 && text.IndexOf(' ') < 0 && text.IndexOf('.', at) > at + 1;
        }

        public static bool IsPhoneNumber(string number)
        {
            int digits = 0;
            foreach (var c in number)
            {
                if (char.IsDigit(c)) digits++;
                else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')' && c != '.') return false;
            }
            return digits >= 3 && digits <= 20;
        }
    }
}
