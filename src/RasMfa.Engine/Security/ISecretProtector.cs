namespace RasMfa.Engine.Security
{
    /// <summary>Seals secrets before they reach the store, and unseals them; the first octet of a sealed secret names its format (SealedSecretFormat).</summary>
    public interface ISecretProtector
    {
        byte[] Protect(byte[] plaintext);

        byte[] Unprotect(byte[] protectedData);
    }
}
