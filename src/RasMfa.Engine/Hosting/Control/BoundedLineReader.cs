using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>
    /// Reads newline-ended UTF-8 lines from a stream, never holding more than the limit: a line longer than that is refused
    /// as soon as it passes the limit, before the rest of it is read, so a client cannot make the listener buffer without end.
    /// </summary>
    internal sealed class BoundedLineReader
    {
        private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, true);
        private readonly Stream _stream;
        private readonly int _maxBytes;
        private readonly byte[] _buffer = new byte[4096];
        private int _start;
        private int _end;

        public BoundedLineReader(Stream stream, int maxBytes)
        {
            _stream = stream;
            _maxBytes = maxBytes;
        }

        /// <summary>The next line without its newline (a last line without one counts too); null at the end of the stream.</summary>
        /// <exception cref="ControlProtocolException">LineTooLong past the limit; NotJson when the line is not UTF-8.</exception>
        public async Task<string?> ReadLineAsync(CancellationToken cancellation)
        {
            using var line = new MemoryStream();
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = await _stream.ReadAsync(_buffer, 0, _buffer.Length, cancellation).ConfigureAwait(false);
                    if (_end == 0) return line.Length == 0 ? null : Decode(line);
                }
                int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                int take = (newline < 0 ? _end : newline) - _start;
                if (line.Length + take > _maxBytes)
                    throw new ControlProtocolException(ControlProtocolException.LineTooLong, $"A line may hold at most {_maxBytes} octets.");
                line.Write(_buffer, _start, take);
                if (newline >= 0)
                {
                    _start = newline + 1;
                    return Decode(line);
                }
                _start = _end;
            }
        }

        private static string Decode(MemoryStream line)
        {
            try
            {
                var text = StrictUtf8.GetString(line.GetBuffer(), 0, (int)line.Length);
                return text.EndsWith("\r", StringComparison.Ordinal) ? text.Substring(0, text.Length - 1) : text;
            }
            catch (DecoderFallbackException)
            {
                throw new ControlProtocolException(ControlProtocolException.NotJson, "A line must be UTF-8 text.");
            }
        }
    }
}
