using System;
using System.Net;

namespace RasMfa.Fuzz
{
    /// <summary>
    /// The request-path target's input: one flags octet, then the datagram. The flags choose who sends it and which of the
    /// packet's cryptographic parts the harness makes right before it is sent, so that mutations can get past the
    /// Message-Authenticator check and the password decoding into the MFA stages; with no flags the datagram goes as is.
    /// </summary>
    [Flags]
    public enum RequestFlags : byte
    {
        /// <summary>Bits 0-1: the source (see <see cref="RequestInput.Source"/>).</summary>
        SourceMask = 0x03,

        /// <summary>User-Password holds the password in clear, to be hidden; CHAP-Password's response is computed. A '#' in
        /// the clear password (or a whole CHAP response) stands for the user's current code.</summary>
        RealCredentials = 0x04,

        /// <summary>A first round is sent first, and the State it opens replaces (or becomes) the datagram's State.</summary>
        ChallengeFirst = 0x08,

        /// <summary>Message-Authenticator is recomputed where it stands (when there is exactly one, 18 octets long).</summary>
        Sign = 0x10,

        /// <summary>The Length field is set to the datagram's size (at most 4096) before anything else, as a client computes
        /// it: inserted or removed attributes then frame without a second, matching mutation.</summary>
        FixLength = 0x20,
    }

    public readonly struct RequestInput
    {
        public RequestInput(byte[] input)
        {
            Flags = input.Length > 0 ? (RequestFlags)input[0] : 0;
            Datagram = new byte[Math.Max(0, input.Length - 1)];
            if (Datagram.Length > 0) Buffer.BlockCopy(input, 1, Datagram, 0, Datagram.Length);
        }

        public RequestFlags Flags { get; }

        public byte[] Datagram { get; }

        public IPEndPoint Source => ((int)(Flags & RequestFlags.SourceMask)) switch
        {
            0 => FuzzWorld.SignedSource,
            1 => FuzzWorld.UnsignedSource,
            2 => FuzzWorld.AppendedSource,
            _ => FuzzWorld.UnknownSource,
        };

        public bool Has(RequestFlags flag) => (Flags & flag) == flag;

        public static byte[] Compose(RequestFlags flags, byte[] datagram)
        {
            var input = new byte[datagram.Length + 1];
            input[0] = (byte)flags;
            Buffer.BlockCopy(datagram, 0, input, 1, datagram.Length);
            return input;
        }
    }
}
