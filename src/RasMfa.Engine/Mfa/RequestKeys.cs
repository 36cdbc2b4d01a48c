using System.Security.Cryptography;
using System.Text;
using RasMfa.Engine.Radius.Server;

namespace RasMfa.Engine.Mfa
{
    /// <summary>
    /// A request's key across servers: SHA-256 over the client's name and the whole datagram (header, authenticator and every
    /// attribute as received). RAS active-active sends the same octets to both servers, so both find one key; a retransmission
    /// finds it too; a request that differs in any octet (a new login, a replay with an attribute changed) finds another.
    /// </summary>
    public static class RequestKeys
    {
        public static byte[] Of(AccessRequestContext context)
        {
            var name = Encoding.UTF8.GetBytes(context.Client.Name);
            // The parsed packet encodes back to the octets received up to its Length (padding past it is not part of the request).
            var datagram = context.Request.Encode();
            var input = new byte[name.Length + 1 + datagram.Length];
            System.Buffer.BlockCopy(name, 0, input, 0, name.Length);
            System.Buffer.BlockCopy(datagram, 0, input, name.Length + 1, datagram.Length);
            using var sha = SHA256.Create();
            return sha.ComputeHash(input);
        }
    }
}
