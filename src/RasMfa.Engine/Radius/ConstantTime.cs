using System;

namespace RasMfa.Engine.Radius
{
    /// <summary>Comparison whose time does not depend on where two secrets first differ.</summary>
    public static class ConstantTime
    {
        public static bool AreEqual(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
        {
            if (left.Length != right.Length) return false;
            int difference = 0;
            for (int i = 0; i < left.Length; i++) difference |= left[i] ^ right[i];
            return difference == 0;
        }
    }
}
