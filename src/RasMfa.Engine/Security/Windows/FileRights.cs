namespace RasMfa.Engine.Security.Windows
{
    /// <summary>
    /// The bits of a Windows access mask on files and folders (the values of FileSystemRights, plus the generic
    /// bits that raw entries such as CREATOR OWNER's may carry), and which of them let someone read or change.
    /// </summary>
    internal static class FileRights
    {
        public const uint ReadData = 0x1;               // list the folder / read the file
        public const uint WriteData = 0x2;              // add a file / write the file
        public const uint AppendData = 0x4;             // add a subfolder / append
        public const uint ReadExtendedAttributes = 0x8;
        public const uint WriteExtendedAttributes = 0x10;
        public const uint Execute = 0x20;               // traverse the folder / run the file
        public const uint DeleteChild = 0x40;
        public const uint ReadAttributes = 0x80;
        public const uint WriteAttributes = 0x100;
        public const uint Delete = 0x10000;
        public const uint ReadControl = 0x20000;        // read the owner and permissions
        public const uint WriteDac = 0x40000;           // change the permissions
        public const uint WriteOwner = 0x80000;         // take ownership
        public const uint Synchronize = 0x100000;
        public const uint GenericAll = 0x10000000;
        public const uint GenericExecute = 0x20000000;
        public const uint GenericWrite = 0x40000000;
        public const uint GenericRead = 0x80000000;

        public const uint FullControl = 0x1F01FF;
        public const uint ReadAndExecute = 0x1200A9;

        // Reading the folder's listing or a file's content; attributes, the permissions themselves and traversal reveal no secret.
        private const uint ReadingContent = ReadData | GenericRead | GenericAll;

        // On a file, execute lets its holder map the file for execution, which exposes its content as reading does.
        // On a folder it is traversal.
        private const uint ExecutingContent = Execute | GenericExecute;

        // Anything that changes content, adds or removes files, or changes who may do so.
        private const uint Changing = WriteData | AppendData | WriteExtendedAttributes | DeleteChild | WriteAttributes | Delete
            | WriteDac | WriteOwner | GenericWrite | GenericAll;

        /// <param name="onFiles">The rights apply to a file (or to the files created in a folder), where execute reads; false for a folder itself.</param>
        public static bool GrantsRead(uint rights, bool onFiles) =>
            (rights & ReadingContent) != 0 || (onFiles && (rights & ExecutingContent) != 0);

        public static bool GrantsWrite(uint rights) => (rights & Changing) != 0;
    }
}
