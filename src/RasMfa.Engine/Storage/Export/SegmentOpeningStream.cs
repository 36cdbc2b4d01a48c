using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage.Export
{
    /// <summary>
    /// Reads a configuration file's body back: each line one segment, opened and checked before any of its octets is
    /// given out; the end of the body is where the segment marked last is, and nothing may follow it. A line longer than a
    /// segment can be, a tag that does not match, a file that ends before its last segment: ConfigurationFileDamaged.
    /// </summary>
    internal sealed class SegmentOpeningStream : Stream
    {
        private readonly Stream _input;
        private readonly ConfigurationFileHeader _header;
        private readonly byte[] _key;
        private readonly int _maxLineLength;
        private byte[] _plaintext = Array.Empty<byte>();
        private int _position;
        private uint _number;
        private bool _lastRead;

        public SegmentOpeningStream(Stream input, ConfigurationFileHeader header, byte[] key)
        {
            _input = input;
            _header = header;
            _key = key;
            _maxLineLength = (header.SegmentOctets + AesGcmLayout.TagLength + 2) / 3 * 4;
        }

        /// <summary>Reads the header line of a configuration file from <paramref name="input"/>, bounded; the body follows.</summary>
        public static ConfigurationFileHeader ReadHeader(Stream input)
        {
            var line = ReadLine(input, ConfigurationFileHeader.MaxLength)
                ?? throw ConfigurationFileErrors.Damaged("it is empty");
            return ConfigurationFileHeader.Read(line);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position == _plaintext.Length && !NextSegment()) return 0;
            int take = Math.Min(count, _plaintext.Length - _position);
            Buffer.BlockCopy(_plaintext, _position, buffer, offset, take);
            _position += take;
            return take;
        }

        private bool NextSegment()
        {
            while (true)
            {
                var line = ReadLine(_input, _maxLineLength);
                if (_lastRead)
                {
                    if (line != null) throw ConfigurationFileErrors.Damaged("something follows its last segment");
                    return false;
                }
                if (line == null) throw ConfigurationFileErrors.Damaged($"it ends after {_number} segment(s), before its last");
                byte[] sealedSegment;
                try
                {
                    sealedSegment = Convert.FromBase64String(Encoding.ASCII.GetString(line));
                }
                catch (FormatException)
                {
                    throw ConfigurationFileErrors.Damaged($"segment {_number + 1} is not Base64");
                }
                if (sealedSegment.Length < AesGcmLayout.TagLength) throw ConfigurationFileErrors.Damaged($"segment {_number + 1} is too short");
                Array.Clear(_plaintext, 0, _plaintext.Length);
                _plaintext = Open(sealedSegment, out _lastRead);
                _position = 0;
                if (!_lastRead && _plaintext.Length != _header.SegmentOctets)
                    throw ConfigurationFileErrors.Damaged($"segment {_number + 1} is shorter than the file's segments");
                _number++;
                if (_plaintext.Length > 0) return true;
            }
        }

        // Whether a segment is the last is sealed into its nonce: it opens as one or the other, or not at all.
        private byte[] Open(byte[] sealedSegment, out bool last)
        {
            int length = sealedSegment.Length - AesGcmLayout.TagLength;
            var ciphertext = new byte[length];
            var tag = new byte[AesGcmLayout.TagLength];
            Buffer.BlockCopy(sealedSegment, 0, ciphertext, 0, length);
            Buffer.BlockCopy(sealedSegment, length, tag, 0, tag.Length);
            var plaintext = new byte[length];
            foreach (bool asLast in new[] { false, true })
            {
                try
                {
                    AesGcmLayout.DefaultCipher.Decrypt(_key, SegmentNonce.Of(_header.NoncePrefix, _number, asLast), ciphertext, tag, plaintext, _header.Octets);
                    last = asLast;
                    return plaintext;
                }
                catch (CryptographicException)
                {
                    // Tried the other way next; neither is damage.
                }
            }
            throw ConfigurationFileErrors.Damaged($"segment {_number + 1} does not open with the file's key (altered, moved or from another file)");
        }

        /// <summary>
        /// The octets up to the next line end (without it), null at the end of the input; a line past <paramref name="limit"/> is damage.
        /// A line end is LF or CRLF: a file that went through a Windows editor or git's autocrlf holds the same header and
        /// segments, and a carriage return is no part of either (the header's octets sealed with each segment exclude it).
        /// </summary>
        private static byte[]? ReadLine(Stream input, int limit)
        {
            using var line = new MemoryStream();
            while (true)
            {
                int octet = input.ReadByte();
                if (octet < 0) return line.Length == 0 ? null : WithoutCarriageReturn(line, limit);
                if (octet == '\n') return WithoutCarriageReturn(line, limit);
                // One octet past the limit may be the CR of a CRLF.
                if (line.Length > limit) throw TooLong(limit);
                line.WriteByte((byte)octet);
            }
        }

        private static byte[] WithoutCarriageReturn(MemoryStream line, int limit)
        {
            var octets = line.ToArray();
            int length = octets.Length > 0 && octets[octets.Length - 1] == '\r' ? octets.Length - 1 : octets.Length;
            if (length > limit) throw TooLong(limit);
            if (length == octets.Length) return octets;
            var trimmed = new byte[length];
            Buffer.BlockCopy(octets, 0, trimmed, 0, length);
            return trimmed;
        }

        private static EngineException TooLong(int limit) =>
            ConfigurationFileErrors.Damaged($"a line is longer than {limit} octets, which no part of such a file is");

        protected override void Dispose(bool disposing)
        {
            if (disposing) Array.Clear(_plaintext, 0, _plaintext.Length);
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
