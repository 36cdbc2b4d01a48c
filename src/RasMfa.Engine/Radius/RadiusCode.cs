namespace RasMfa.Engine.Radius
{
    /// <summary>RADIUS packet codes (RFC 2865, 2866, 5176, 5997).</summary>
    public enum RadiusCode : byte
    {
        AccessRequest = 1,
        AccessAccept = 2,
        AccessReject = 3,
        AccountingRequest = 4,
        AccountingResponse = 5,
        AccessChallenge = 11,
        StatusServer = 12,
        StatusClient = 13,
        DisconnectRequest = 40,
        DisconnectAck = 41,
        DisconnectNak = 42,
        CoARequest = 43,
        CoAAck = 44,
        CoANak = 45,
    }
}
