using System.Collections.Generic;

namespace RasMfa.Engine.Security.Platform
{
    /// <summary>
    /// Everything the store needs that one operating system does its own way: who may reach the store's files
    /// (ACLs on Windows, modes on Linux) and DPAPI. The decisions themselves are pure code beside it
    /// (WindowsAccessVerdict, UnixAccessVerdict, StoreAclBuilder) so that they are tested on any system.
    /// </summary>
    internal interface IStorePlatform
    {
        /// <summary>True where secrets are sealed with DPAPI's machine scope (and an entropy file) rather than an AES key file.</summary>
        bool SealsWithDpapi { get; }

        byte[] ProtectWithDpapi(byte[] plaintext, byte[] entropy);

        byte[] UnprotectWithDpapi(byte[] sealedData, byte[] entropy);

        /// <summary>Creates the store folder (its parent must exist) so that only trusted accounts can reach what it holds.</summary>
        void CreatePrivateFolder(string path);

        /// <summary>Creates an empty file that only trusted accounts can read; IOException when it already exists.</summary>
        void CreatePrivateFile(string path);

        /// <summary>What is wrong with who owns <paramref name="path"/> and who may use it; empty when it is private.</summary>
        /// <exception cref="System.UnauthorizedAccessException">This account may not even look; the message says how to get access.</exception>
        IReadOnlyList<AccessProblem> FindAccessProblems(string path, StoreItem item);

        /// <summary>
        /// Commands an administrator runs to make <paramref name="folder"/> and the store's <paramref name="files"/>
        /// private (never recursively), or to move a folder someone else owns aside; empty when no command should be run there.
        /// </summary>
        IReadOnlyList<string> FixCommands(string folder, IReadOnlyList<string> files, IReadOnlyList<AccessProblem> problems);
    }
}
