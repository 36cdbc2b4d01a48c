using RasMfa.Engine.Mfa.Methods;

namespace RasMfa.Engine.Clients
{
    /// <summary>An automation keyword: the command string a RAS button sends in the password field to start a method.</summary>
    public sealed class ClientKeyword
    {
        public ClientKeyword(MethodKind method, string text)
        {
            Method = method;
            Text = text;
        }

        public MethodKind Method { get; }

        /// <summary>Compared with the whole password, trimmed, without regard to case.</summary>
        public string Text { get; }
    }
}
