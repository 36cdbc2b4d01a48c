using System;

namespace RasMfa.Engine.Mfa
{
    /// <summary>
    /// A row of the shared store this RasMfa cannot read (altered by hand, written by another version, damaged): the login it
    /// names is refused, never let through, and never a fault of the handler.
    /// </summary>
    public sealed class UnreadableRowException : Exception
    {
        public UnreadableRowException(string table, string reason, Exception? inner = null)
            : base($"A {table} row of the store cannot be read: {reason}", inner)
        {
            Table = table;
        }

        public string Table { get; }
    }
}
