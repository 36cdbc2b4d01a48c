// .NET 8+ only: the stand-in seals with AES-GCM, which .NET Framework lacks.
#if NET
using System;
using System.Collections.Generic;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Tests.Security
{
    /// <summary>
    /// Linux's real file handling with a stand-in for DPAPI's machine scope (AES-GCM under a key derived from one
    /// "machine" key and the entropy), so that the Windows sealing path (entropy file, formats, resealing) runs here.
    /// Like DPAPI, it refuses a blob sealed with other entropy.
    /// </summary>
    internal sealed class StandInDpapi : IStorePlatform
    {
        private static readonly byte[] MachineKey = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("this test machine"));
        private UnixStorePlatform? _files; // made on first file use: the DPAPI stand-in alone runs anywhere

        public bool SealsWithDpapi => true;

        public byte[] ProtectWithDpapi(byte[] plaintext, byte[] entropy)
        {
            var result = new byte[12 + 16 + plaintext.Length];
            RandomNumberGenerator.Fill(result.AsSpan(0, 12));
            using var aes = new AesGcm(KeyFor(entropy), 16);
            aes.Encrypt(result.AsSpan(0, 12), plaintext, result.AsSpan(28), result.AsSpan(12, 16));
            return result;
        }

        public byte[] UnprotectWithDpapi(byte[] sealedData, byte[] entropy)
        {
            var plaintext = new byte[sealedData.Length - 28];
            using var aes = new AesGcm(KeyFor(entropy), 16);
            aes.Decrypt(sealedData.AsSpan(0, 12), sealedData.AsSpan(28), sealedData.AsSpan(12, 16), plaintext);
            return plaintext;
        }

        [UnsupportedOSPlatform("windows")]
        public void CreatePrivateFolder(string path) => Files.CreatePrivateFolder(path);

        [UnsupportedOSPlatform("windows")]
        public void CreatePrivateFile(string path) => Files.CreatePrivateFile(path);

        [UnsupportedOSPlatform("windows")]
        public IReadOnlyList<AccessProblem> FindAccessProblems(string path, StoreItem item) => Files.FindAccessProblems(path, item);

        [UnsupportedOSPlatform("windows")]
        public IReadOnlyList<string> FixCommands(string folder, IReadOnlyList<string> files, IReadOnlyList<AccessProblem> problems) => Files.FixCommands(folder, files, problems);

        [UnsupportedOSPlatform("windows")]
        private UnixStorePlatform Files => _files ??= new UnixStorePlatform();

        private static byte[] KeyFor(byte[] entropy) => HMACSHA256.HashData(MachineKey, entropy);
    }
}
#endif
