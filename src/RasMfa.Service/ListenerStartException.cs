using System;

namespace RasMfa.Service
{
    /// <summary>The listener did not start; carries the exit code that says why.</summary>
    internal sealed class ListenerStartException : Exception
    {
        public ListenerStartException(int exitCode, string message, Exception? inner = null)
            : base(message, inner) => ExitCode = exitCode;

        public int ExitCode { get; }
    }
}
