using RasMfa.Engine.Users;

namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>
    /// Push approval as the login pipeline sees it (the method itself is Push/PushMethod's): one per listener, offered to the
    /// users who hold push and whom its link can reach, and startable only while a page is served and a provider sends the link.
    /// </summary>
    public interface IPushMethod : ISingleRoundMethod
    {
        /// <summary>Whether a push can start now.</summary>
        bool HasChannel { get; }

        /// <summary>Whether the link can reach <paramref name="user"/> as the server sends it now.</summary>
        bool Reaches(MfaUser user);
    }
}
