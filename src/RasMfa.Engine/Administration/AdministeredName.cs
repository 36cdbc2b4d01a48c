using RasMfa.Engine.Audit;
using RasMfa.Engine.Radius;

namespace RasMfa.Engine.Administration
{
    /// <summary>
    /// The name an admin gives a RADIUS client, an upstream server or a directory: it goes into log lines that a spoofed
    /// packet gets written (PacketsDropped) and onto consoles, so it follows the rule user names follow at the wire
    /// (<see cref="ReceivedText.NameFlaw(string)"/>): no control, format (bidi, zero-width) or line-separator characters,
    /// no lone surrogates, no spaces at either end. Checked when a name is given, in the engine, whatever the front end.
    /// </summary>
    public static class AdministeredName
    {
        /// <summary>The name, when it may be stored; otherwise an InvalidArgument error <paramref name="errorId"/>.</summary>
        /// <param name="what">What is named, for the message: "RADIUS client", "directory".</param>
        public static string Checked(string name, string what, string errorId)
        {
            var flaw = ReceivedText.NameFlaw(name);
            if (flaw == null) return name;
            throw new EngineException(EngineErrorKind.InvalidArgument, errorId,
                $"The {what} name '{DisplayText.Escape(name)}' cannot be used: it {Describe(flaw)}. Use letters, digits, punctuation and single spaces.",
                target: DisplayText.Escape(name));
        }

        private static string Describe(string flaw) => flaw == "empty" ? "is empty" : flaw;
    }
}
