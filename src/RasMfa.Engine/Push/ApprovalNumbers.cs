using System.Collections.Generic;
using System.Security.Cryptography;

namespace RasMfa.Engine.Push
{
    /// <summary>Number matching: a two-digit number (10-99) and two different decoys, shuffled, all from the CSPRNG.</summary>
    public static class ApprovalNumbers
    {
        public static (int Number, IReadOnlyList<int> Choices) Draw()
        {
            var choices = new List<int>(3);
            while (choices.Count < 3)
            {
                int candidate = 10 + Uniform(90);
                if (!choices.Contains(candidate)) choices.Add(candidate);
            }
            int number = choices[0];
            for (int i = choices.Count - 1; i > 0; i--)
            {
                int j = Uniform(i + 1);
                (choices[i], choices[j]) = (choices[j], choices[i]);
            }
            return (number, choices);
        }

        // Rejection sampling: no modulo bias.
        private static int Uniform(int bound)
        {
            var bytes = new byte[4];
            using var random = RandomNumberGenerator.Create();
            uint limit = uint.MaxValue - uint.MaxValue % (uint)bound;
            while (true)
            {
                random.GetBytes(bytes);
                uint value = System.BitConverter.ToUInt32(bytes, 0);
                if (value < limit) return (int)(value % (uint)bound);
            }
        }
    }
}
