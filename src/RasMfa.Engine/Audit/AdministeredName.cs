using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Audit
{
    /// <summary>
    /// The name an admin gives a RADIUS client, an upstream server or a directory: it goes into log lines that a spoofed
    /// packet gets written (PacketsDropped) and onto consoles, so, like a user name at the wire (ReceivedText.NameFlaw), it
    /// holds no character <see cref="DisplayText"/> would have to escape (control, format such as bidi or zero-width, line
    /// separators, lone surrogates) and no space at either end. Checked when a name is given, in the engine, whatever the front end.
    /// </summary>
    public static class AdministeredName
    {
        /// <summary>The name, when it may be stored; otherwise an InvalidArgument error <paramref name="errorId"/>.</summary>
        /// <param name="what">What is named, for the message: "RADIUS client", "directory".</param>
        public static string Checked(string name, string what, string errorId)
        {
            var flaw = Flaw(name);
            if (flaw == null) return name;
            throw new EngineException(EngineErrorKind.InvalidArgument, errorId,
                $"The {what} name '{DisplayText.Escape(name)}' cannot be used: it {flaw}. Use letters, digits, punctuation and single spaces.",
                target: DisplayText.Escape(name));
        }

        private static string? Flaw(string name)
        {
            if (name.Length == 0) return "is empty";
            if (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[name.Length - 1])) return "begins or ends with a space";
            if (DisplayText.Neutralize(name) != name) return "contains a control, format (bidi, zero-width) or line-separator character";
            return null;
        }
    }
}
