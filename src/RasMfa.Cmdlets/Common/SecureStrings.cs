using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace RasMfa.Cmdlets.Common
{
    internal static class SecureStrings
    {
        /// <summary>UTF-8 octets of a SecureString; the unmanaged copy is zeroed at once.</summary>
        public static byte[] ToUtf8(SecureString value)
        {
            IntPtr pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
            try
            {
                var characters = new char[value.Length];
                Marshal.Copy(pointer, characters, 0, characters.Length);
                var bytes = Encoding.UTF8.GetBytes(characters);
                Array.Clear(characters, 0, characters.Length);
                return bytes;
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
