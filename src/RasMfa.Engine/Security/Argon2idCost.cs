using System.Globalization;

namespace RasMfa.Engine.Security
{
    /// <summary>
    /// What one Argon2id derivation costs: memory in KiB, passes over it, and lanes. A blob names its own cost, so a cost
    /// read from one is checked against these bounds before any memory is taken: a damaged or hostile escrow asking for
    /// 4 GiB or a thousand passes is refused, never obeyed.
    /// </summary>
    internal sealed class Argon2idCost
    {
        public const int MinMemoryKiB = 16 * 1024;
        public const int MaxMemoryKiB = 1024 * 1024;
        public const int MaxPasses = 10;
        public const int MaxLanes = 8;

        /// <summary>64 MiB, 3 passes, 2 lanes: RFC 9106's second recommended option with the lanes of a small server.</summary>
        public static readonly Argon2idCost Default = new Argon2idCost(64 * 1024, 3, 2);

        public Argon2idCost(long memoryKiB, long passes, long lanes)
        {
            MemoryKiB = memoryKiB;
            Passes = passes;
            Lanes = lanes;
        }

        public long MemoryKiB { get; }

        public long Passes { get; }

        public long Lanes { get; }

        /// <summary>Why this cost is refused, or null when it is within bounds (Argon2 also needs 8 KiB per lane at least).</summary>
        public string? Invalidity()
        {
            if (MemoryKiB < MinMemoryKiB || MemoryKiB > MaxMemoryKiB)
                return $"asks for {Describe(MemoryKiB)} of memory, outside {Describe(MinMemoryKiB)} to {Describe(MaxMemoryKiB)}";
            if (Passes < 1 || Passes > MaxPasses) return $"asks for {Passes} passes, outside 1 to {MaxPasses}";
            if (Lanes < 1 || Lanes > MaxLanes) return $"asks for {Lanes} lanes, outside 1 to {MaxLanes}";
            return null;
        }

        public override string ToString() => $"Argon2id, {Describe(MemoryKiB)}, {Passes} passes, {Lanes} lanes";

        private static string Describe(long kib) => kib % 1024 == 0
            ? (kib / 1024).ToString(CultureInfo.InvariantCulture) + " MiB"
            : kib.ToString(CultureInfo.InvariantCulture) + " KiB";
    }
}
