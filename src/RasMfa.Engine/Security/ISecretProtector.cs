namespace RasMfa.Engine.Security
{
    /// <summary>Encrypts secrets before they reach the store. The one seam between Windows (DPAPI) and other systems (a key file).</summary>
    public interface ISecretProtector
    {
        byte[] Protect(byte[] plaintext);

        byte[] Unprotect(byte[] protectedData);
    }
}
