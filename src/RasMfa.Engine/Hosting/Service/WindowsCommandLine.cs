using System.Text;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>
    /// Quotes one argument so that CommandLineToArgvW (and .NET's own parser, on every platform) reads it back unchanged:
    /// the form the SCM's binary path and Process arguments take.
    /// </summary>
    internal static class WindowsCommandLine
    {
        public static string Quote(string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0) return argument;
            var quoted = new StringBuilder("\"");
            int backslashes = 0;
            foreach (var c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }
                // Backslashes before a quote are doubled, and the quote escaped; elsewhere they stand as they are.
                quoted.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes);
                backslashes = 0;
                quoted.Append(c);
            }
            quoted.Append('\\', backslashes * 2); // before the closing quote
            return quoted.Append('"').ToString();
        }
    }
}
