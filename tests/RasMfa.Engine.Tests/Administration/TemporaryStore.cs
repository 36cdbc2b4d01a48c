using System;
using System.IO;
using RasMfa.Engine.Security;
using RasMfa.Engine.Storage;

namespace RasMfa.Engine.Tests.Administration
{
    /// <summary>A real SQLite store in a folder of its own, removed afterwards; its protector counts the secrets it unseals.</summary>
    public sealed class TemporaryStore : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-service-" + Guid.NewGuid().ToString("N"));

        public TemporaryStore()
        {
            Store = new SqliteStore(Path.Combine(_folder, "rasmfa.db"), Protector);
        }

        public CountingProtector Protector { get; } = new CountingProtector();

        public SqliteStore Store { get; }

        public void Dispose()
        {
            Store.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        /// <summary>Seals by reversing the octets behind a marker: enough to tell sealed from clear, and to count unsealing.</summary>
        public sealed class CountingProtector : ISecretProtector
        {
            public int Unprotected { get; private set; }

            public byte[] Protect(byte[] plaintext)
            {
                var sealedSecret = new byte[plaintext.Length + 1];
                sealedSecret[0] = 0xEE;
                for (int i = 0; i < plaintext.Length; i++) sealedSecret[i + 1] = plaintext[plaintext.Length - 1 - i];
                return sealedSecret;
            }

            public byte[] Unprotect(byte[] protectedData)
            {
                Unprotected++;
                var plaintext = new byte[protectedData.Length - 1];
                for (int i = 0; i < plaintext.Length; i++) plaintext[i] = protectedData[protectedData.Length - 1 - i];
                return plaintext;
            }
        }
    }
}
