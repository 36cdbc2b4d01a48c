namespace RasMfa.Engine.Security.Unix
{
    /// <summary>Who owns a file or folder and its permission bits, as stat(2) gives them.</summary>
    internal readonly struct UnixFileStatus
    {
        public UnixFileStatus(int mode, uint? ownerUid)
        {
            Mode = mode & 0xFFF;
            OwnerUid = ownerUid;
        }

        /// <summary>The permission bits, 0o7777 at most (setuid, setgid, sticky, then rwx for owner, group, others).</summary>
        public int Mode { get; }

        /// <summary>The owner's user id; null where the file system did not report it (refused: an unknown owner is not trusted).</summary>
        public uint? OwnerUid { get; }

        public bool IsSticky => (Mode & 0x200) != 0;

        public string OctalMode => System.Convert.ToString(Mode & 0x1FF, 8).PadLeft(4, '0');
    }
}
