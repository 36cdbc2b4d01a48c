using System.Security.Cryptography;

namespace RasMfa.Engine.Mfa
{
    /// <summary>A listener's id on a shared store, new at every start, so that a claim by a server that stopped is never taken for its successor's.</summary>
    public static class ServerIds
    {
        public static string New()
        {
            var octets = new byte[8];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(octets);
            return System.BitConverter.ToString(octets).Replace("-", "").ToLowerInvariant();
        }
    }
}
