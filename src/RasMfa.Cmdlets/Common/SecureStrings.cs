using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace RasMfa.Cmdlets.Common
{
    internal static class SecureStrings
    {
        /// <summary>A SecureString's text, for an engine call that takes a string (a passphrase).</summary>
        public static string ToText(SecureString value)
        {
            var bytes = ToUtf8(value);
            try
            {
                return Encoding.UTF8.GetString(bytes);
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
            }
        }

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
