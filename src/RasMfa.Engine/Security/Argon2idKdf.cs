using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace RasMfa.Engine.Security
{
    /// <summary>Argon2id (version 1.3, RFC 9106) from BouncyCastle, the same code on both builds.</summary>
    internal static class Argon2idKdf
    {
        public static byte[] Derive(byte[] password, byte[] salt, Argon2idCost cost, int length)
        {
            var parameters = new Argon2Parameters.Builder(Argon2Parameters.Argon2id)
                .WithVersion(Argon2Parameters.Version13)
                .WithMemoryAsKB(checked((int)cost.MemoryKiB))
                .WithIterations(checked((int)cost.Passes))
                .WithParallelism(checked((int)cost.Lanes))
                .WithSalt(salt)
                .Build();
            // No task factory: the lanes are computed one after another on the caller's thread. The result is the
            // same; a join is rare and an admin waits for it, and the listener's threads are left alone.
            var generator = new Argon2BytesGenerator();
            generator.Init(parameters);
            var output = new byte[length];
            generator.GenerateBytes(password, output);
            return output;
        }
    }
}
