namespace RasMfa.Engine.Administration
{
    /// <summary>A value given or not: tells "leave as it is" apart from "set to null" (clear a description, a prompt).</summary>
    public readonly struct Optional<T>
    {
        public Optional(T value)
        {
            HasValue = true;
            Value = value;
        }

        public bool HasValue { get; }

        public T Value { get; }

        public T Or(T current) => HasValue ? Value : current;

        public static implicit operator Optional<T>(T value) => new Optional<T>(value);
    }
}
