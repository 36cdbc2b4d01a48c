namespace RasMfa.Engine.BypassCodes
{
    /// <summary>A bypass code just made: the only time its digits exist outside the user's hands.</summary>
    public sealed class IssuedBypassCode
    {
        public IssuedBypassCode(BypassCode stored, string code)
        {
            Stored = stored;
            Code = code;
        }

        public BypassCode Stored { get; }

        public string Code { get; }
    }
}
