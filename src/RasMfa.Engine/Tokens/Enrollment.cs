using System;
using System.IO;
using QRCoder;

namespace RasMfa.Engine.Tokens
{
    /// <summary>What an authenticator app needs: the otpauth:// URI (Key Uri Format) and its QR code.</summary>
    public static class Enrollment
    {
        public static string OtpAuthUri(string issuer, string accountName, byte[] secret, OtpAlgorithm algorithm, int digits, int period)
        {
            string label = Uri.EscapeDataString(issuer) + ":" + Uri.EscapeDataString(accountName);
            return $"otpauth://totp/{label}?secret={OtpSecrets.ToBase32(secret)}&issuer={Uri.EscapeDataString(issuer)}" +
                   $"&algorithm={algorithm.ToString().ToUpperInvariant()}&digits={digits}&period={period}";
        }

        public static void WriteQrPng(string text, string path) => File.WriteAllBytes(path, QrPng(text));

        public static byte[] QrPng(string text)
        {
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
            return new PngByteQRCode(data).GetGraphic(8);
        }

        /// <summary>The QR code drawn with block characters, for showing in a console.</summary>
        public static string QrText(string text)
        {
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.L);
            return new AsciiQRCode(data).GetGraphicSmall();
        }
    }
}
