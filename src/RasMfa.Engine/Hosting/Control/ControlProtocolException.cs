using System;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>A request or answer on the control channel that breaks the protocol; <see cref="Code"/> is what the error line carries.</summary>
    public sealed class ControlProtocolException : Exception
    {
        public const string LineTooLong = "LineTooLong";
        public const string NotJson = "NotJson";
        public const string UnknownCommand = "UnknownCommand";
        public const string BadArgument = "BadArgument";
        public const string NotAllowed = "NotAllowed";
        public const string Busy = "Busy";

        public ControlProtocolException(string code, string message) : base(message) => Code = code;

        public string Code { get; }
    }
}
