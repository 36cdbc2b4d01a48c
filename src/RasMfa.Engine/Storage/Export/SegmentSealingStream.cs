using System;
using System.IO;
using System.Text;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage.Export
{
    /// <summary>
    /// Seals what is written to it in segments of the header's size, each a line of Base64 (ciphertext then tag), so that a
    /// file of any length is written and read without holding it whole. <see cref="Complete"/> writes the last segment
    /// (marked as last in its nonce); a stream disposed without it leaves a file that no reader accepts.
    /// </summary>
    internal sealed class SegmentSealingStream : Stream
    {
        private readonly Stream _output;
        private readonly ConfigurationFileHeader _header;
        private readonly byte[] _key;
        private readonly byte[] _buffer;
        private int _filled;
        private uint _number;
        private bool _completed;

        public SegmentSealingStream(Stream output, ConfigurationFileHeader header, byte[] key)
        {
            _output = output;
            _header = header;
            _key = key;
            _buffer = new byte[header.SegmentOctets];
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (_completed) throw new InvalidOperationException("The file's last segment is written.");
            while (count > 0)
            {
                // A full segment waits for one more octet: only then is it known not to be the last.
                if (_filled == _buffer.Length) Seal(last: false);
                int take = Math.Min(count, _buffer.Length - _filled);
                Buffer.BlockCopy(buffer, offset, _buffer, _filled, take);
                _filled += take;
                offset += take;
                count -= take;
            }
        }

        /// <summary>Seals what is left as the last segment (possibly empty) and flushes the file.</summary>
        public void Complete()
        {
            if (_completed) return;
            Seal(last: true);
            _completed = true;
            _output.Flush();
        }

        private void Seal(bool last)
        {
            if (_number == uint.MaxValue) throw new InvalidOperationException("A configuration file has at most 2^32 - 1 segments.");
            var plaintext = new byte[_filled];
            Buffer.BlockCopy(_buffer, 0, plaintext, 0, _filled);
            var sealedSegment = new byte[_filled + AesGcmLayout.TagLength];
            var ciphertext = new byte[_filled];
            var tag = new byte[AesGcmLayout.TagLength];
            AesGcmLayout.DefaultCipher.Encrypt(_key, SegmentNonce.Of(_header.NoncePrefix, _number, last), plaintext, ciphertext, tag, _header.Octets);
            Array.Clear(plaintext, 0, plaintext.Length);
            Array.Clear(_buffer, 0, _filled);
            Buffer.BlockCopy(ciphertext, 0, sealedSegment, 0, ciphertext.Length);
            Buffer.BlockCopy(tag, 0, sealedSegment, ciphertext.Length, tag.Length);
            var line = Encoding.ASCII.GetBytes(Convert.ToBase64String(sealedSegment) + "\n");
            _output.Write(line, 0, line.Length);
            _filled = 0;
            _number++;
        }

        public override void Flush()
        {
            // Segments reach the file whole, as they fill; Complete writes the rest.
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) Array.Clear(_buffer, 0, _buffer.Length);
            base.Dispose(disposing);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => !_completed;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
