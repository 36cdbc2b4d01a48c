using System;

namespace RasMfa.Engine.Administration
{
    /// <summary>An operation refused for a reason the admin can act on; ErrorId becomes the cmdlet's error id.</summary>
    public class EngineException : Exception
    {
        public EngineException(EngineErrorKind kind, string errorId, string message, Exception? inner = null, object? target = null) : base(message, inner)
        {
            Kind = kind;
            ErrorId = errorId;
            Target = target;
        }

        public EngineErrorKind Kind { get; }

        public string ErrorId { get; }

        /// <summary>What was wrong (an address, a path), when it is not simply the item the command names.</summary>
        public object? Target { get; }
    }
}
