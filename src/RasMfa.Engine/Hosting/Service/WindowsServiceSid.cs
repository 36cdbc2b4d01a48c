using System;
using System.Security.Cryptography;
using System.Text;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>
    /// The SID Windows gives a service's virtual account (NT SERVICE\&lt;name&gt;): S-1-5-80 followed by the SHA-1 of the
    /// upper-cased name in UTF-16, as five little-endian numbers. Computed, so the store's ACL can name it on any machine
    /// and in tests, before the service exists.
    /// </summary>
    public static class WindowsServiceSid
    {
        public static string Of(string serviceName)
        {
            byte[] hash;
            using (var sha = SHA1.Create()) hash = sha.ComputeHash(Encoding.Unicode.GetBytes(serviceName.ToUpperInvariant()));
            var sid = new StringBuilder("S-1-5-80");
            for (int i = 0; i < 5; i++) sid.Append('-').Append(BitConverter.ToUInt32(hash, i * 4).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return sid.ToString();
        }
    }
}
