using System;
using System.Linq;

namespace RasMfa.Engine.Tests
{
    internal static class Hex
    {
        public static byte[] Parse(string hex)
        {
            var clean = new string(hex.Where(c => !char.IsWhiteSpace(c)).ToArray());
            return Enumerable.Range(0, clean.Length / 2).Select(i => Convert.ToByte(clean.Substring(i * 2, 2), 16)).ToArray();
        }
    }
}
