using System.IO;

namespace RasMfa.Engine.Security
{
    /// <summary>Picks the protector for this platform.</summary>
    public static class SecretProtectors
    {
        public static ISecretProtector ForDatabase(string databasePath)
        {
#if NET8_0_OR_GREATER
            if (!System.OperatingSystem.IsWindows())
                return new KeyFileSecretProtector(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath))!, "rasmfa.key"));
#endif
            return new DpapiSecretProtector();
        }
    }
}
