namespace RasMfa.Engine.Radius
{
    /// <summary>Why a datagram is not a well-formed RADIUS packet.</summary>
    public enum PacketError
    {
        None,
        TooShort,
        TooLong,
        ShorterThanLengthField,
        BadLengthField,
        MalformedAttribute,
    }
}
