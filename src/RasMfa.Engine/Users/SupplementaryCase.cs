namespace RasMfa.Engine.Users
{
    /// <summary>
    /// Upper case for letters outside the BMP, which <see cref="char.ToUpperInvariant(char)"/> cannot take (one UTF-16
    /// unit) and .NET Framework's string casing leaves as they are. Every cased script there maps small to capital by a
    /// fixed distance over whole ranges (Unicode 15); kept here so that .NET Framework and .NET compute the same name key.
    /// UserNameMatchingTests checks the table against the running runtime's own casing.
    /// </summary>
    internal static class SupplementaryCase
    {
        // First small letter, last small letter, distance down to its capital.
        private static readonly int[,] SmallRanges =
        {
            { 0x10428, 0x1044F, 0x28 },    // Deseret
            { 0x104D8, 0x104FB, 0x28 },    // Osage
            { 0x10597, 0x105A1, 0x27 },    // Vithkuqi (its ranges skip the code points that have no capital)
            { 0x105A3, 0x105B1, 0x27 },
            { 0x105B3, 0x105B9, 0x27 },
            { 0x105BB, 0x105BC, 0x27 },
            { 0x10CC0, 0x10CF2, 0x40 },    // Old Hungarian
            { 0x118C0, 0x118DF, 0x20 },    // Warang Citi
            { 0x16E60, 0x16E7F, 0x20 },    // Medefaidrin
            { 0x1E922, 0x1E943, 0x22 },    // Adlam
        };

        /// <summary>The capital of a small letter outside the BMP; any other code point as it is.</summary>
        public static int Upper(int codePoint)
        {
            for (int i = 0; i < SmallRanges.GetLength(0); i++)
            {
                if (codePoint >= SmallRanges[i, 0] && codePoint <= SmallRanges[i, 1]) return codePoint - SmallRanges[i, 2];
            }
            return codePoint;
        }
    }
}
