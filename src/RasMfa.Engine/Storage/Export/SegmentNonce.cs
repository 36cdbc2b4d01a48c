namespace RasMfa.Engine.Storage.Export
{
    /// <summary>
    /// The nonce of a body segment: the file's random prefix (7 octets), the segment's number (4, big-endian) and whether it
    /// is the last (1). A segment moved, dropped, repeated or taken for the last fails its tag; so does a file cut after a segment.
    /// </summary>
    internal static class SegmentNonce
    {
        public static byte[] Of(byte[] prefix, uint number, bool last)
        {
            var nonce = new byte[Security.AesGcmLayout.NonceLength];
            System.Buffer.BlockCopy(prefix, 0, nonce, 0, ConfigurationFileHeader.NoncePrefixLength);
            nonce[7] = (byte)(number >> 24);
            nonce[8] = (byte)(number >> 16);
            nonce[9] = (byte)(number >> 8);
            nonce[10] = (byte)number;
            nonce[11] = last ? (byte)1 : (byte)0;
            return nonce;
        }
    }
}
