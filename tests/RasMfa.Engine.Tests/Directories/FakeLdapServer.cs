#if NET8_0_OR_GREATER
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Tests.Directories
{
    /// <summary>
    /// Just enough of an LDAP server on loopback, in clear, to test what happens around the wire: a simple bind succeeds
    /// when its password is the one <see cref="Passwords"/> holds for the DN (49 invalidCredentials otherwise), every search
    /// finds <see cref="UserDn"/>, every extended operation is unknown (protocolError), and <see cref="DropConnections"/> closes every open connection, as AD does to an idle one.
    /// </summary>
    internal sealed class FakeLdapServer : IDisposable
    {
        private const byte Sequence = 0x30, Integer = 0x02, OctetString = 0x04, Enumerated = 0x0A;
        private const byte BindRequest = 0x60, BindResponse = 0x61, UnbindRequest = 0x42, SearchRequest = 0x63, SearchEntry = 0x64, SearchDone = 0x65;
        private const byte ExtendedRequest = 0x77, ExtendedResponse = 0x78, ProtocolError = 2;

        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly ConcurrentDictionary<TcpClient, Socket> _open = new ConcurrentDictionary<TcpClient, Socket>();
        private readonly Task _accepting;
        private int _connections;

        public FakeLdapServer()
        {
            _listener.Start();
            _accepting = Task.Run(AcceptAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public string UserDn { get; set; } = "CN=alice,CN=Users,DC=example,DC=test";

        public ConcurrentDictionary<string, string> Passwords { get; } = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Accept connections and close them at once, as a server going down does.</summary>
        public bool CloseOnAccept { get; set; }

        /// <summary>Connections accepted so far.</summary>
        public int Connections => Volatile.Read(ref _connections);

        /// <summary>Every simple bind received, by DN, in order.</summary>
        public ConcurrentQueue<string> Binds { get; } = new ConcurrentQueue<string>();

        public int Searches => Volatile.Read(ref _searches);

        private int _searches;

        /// <summary>Extended operations received (Who am I? among them), each answered protocolError, as by a server that knows none (Samba).</summary>
        public int ExtendedOperations => Volatile.Read(ref _extendedOperations);

        private int _extendedOperations;

        /// <summary>Closes every connection now open (with a reset, as a server or firewall forgetting it does).</summary>
        public void DropConnections()
        {
            foreach (var client in _open.Keys)
            {
                if (_open.TryRemove(client, out var socket)) Reset(socket);
            }
        }

        private static void Reset(Socket socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (ObjectDisposedException)
            {
            }
            socket.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is ObjectDisposedException || e is SocketException || e is InvalidOperationException)
                {
                    // InvalidOperationException: stopped before this loop first asked (a test that never connects).
                    return;
                }
                Interlocked.Increment(ref _connections);
                if (CloseOnAccept)
                {
                    Reset(client.Client);
                    continue;
                }
                _open[client] = client.Client;
                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            try
            {
                var stream = client.GetStream();
                while (true)
                {
                    var message = await ReadElementAsync(stream).ConfigureAwait(false);
                    if (message == null) return;
                    int offset = 0;
                    var id = ReadTlv(message.Value.Content, ref offset);
                    var operation = ReadTlv(message.Value.Content, ref offset);
                    byte[]? answer = operation.Tag switch
                    {
                        BindRequest => Bind(id.Content, operation.Content),
                        SearchRequest => Search(id.Content),
                        ExtendedRequest => Extended(id.Content),
                        UnbindRequest => null,
                        _ => null,
                    };
                    if (operation.Tag == UnbindRequest) return;
                    if (answer != null) await stream.WriteAsync(answer).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is SocketException || e is InvalidDataException)
            {
            }
            finally
            {
                _open.TryRemove(client, out _);
                client.Dispose();
            }
        }

        private byte[] Bind(byte[] id, byte[] request)
        {
            int offset = 0;
            ReadTlv(request, ref offset); // version
            var dn = Encoding.UTF8.GetString(ReadTlv(request, ref offset).Content);
            var password = Encoding.UTF8.GetString(ReadTlv(request, ref offset).Content);
            Binds.Enqueue(dn);
            bool valid = Passwords.TryGetValue(dn, out var expected) && expected == password && password.Length > 0;
            return Message(id, Tlv(BindResponse, Result(valid ? 0 : 49)));
        }

        private byte[] Search(byte[] id)
        {
            Interlocked.Increment(ref _searches);
            var entry = Message(id, Tlv(SearchEntry, Concat(Tlv(OctetString, Encoding.UTF8.GetBytes(UserDn)), Tlv(Sequence))));
            return Concat(entry, Message(id, Tlv(SearchDone, Result(0))));
        }

        private byte[] Extended(byte[] id)
        {
            Interlocked.Increment(ref _extendedOperations);
            return Message(id, Tlv(ExtendedResponse, Result(ProtocolError)));
        }

        private static byte[] Result(int code) => Concat(Tlv(Enumerated, (byte)code), Tlv(OctetString), Tlv(OctetString));

        private static byte[] Message(byte[] id, byte[] operation) => Tlv(Sequence, Concat(Tlv(Integer, id), operation));

        private static byte[] Tlv(byte tag, params byte[] content)
        {
            var length = content.Length < 0x80 ? new[] { (byte)content.Length }
                : content.Length < 0x100 ? new byte[] { 0x81, (byte)content.Length }
                : new byte[] { 0x82, (byte)(content.Length >> 8), (byte)content.Length };
            return Concat(new[] { tag }, length, content);
        }

        private static byte[] Concat(params byte[][] parts)
        {
            var all = new List<byte>();
            foreach (var part in parts) all.AddRange(part);
            return all.ToArray();
        }

        private static (byte Tag, byte[] Content) ReadTlv(byte[] data, ref int offset)
        {
            byte tag = data[offset++];
            int length = data[offset++];
            if (length >= 0x80)
            {
                int octets = length & 0x7F;
                length = 0;
                for (int i = 0; i < octets; i++) length = length << 8 | data[offset++];
            }
            var content = new byte[length];
            Array.Copy(data, offset, content, 0, length);
            offset += length;
            return (tag, content);
        }

        private static async Task<(byte Tag, byte[] Content)?> ReadElementAsync(Stream stream)
        {
            var header = new byte[2];
            if (!await ReadExactlyAsync(stream, header).ConfigureAwait(false)) return null;
            int length = header[1];
            if (length >= 0x80)
            {
                var octets = new byte[length & 0x7F];
                if (octets.Length == 0 || octets.Length > 3 || !await ReadExactlyAsync(stream, octets).ConfigureAwait(false)) throw new InvalidDataException();
                length = 0;
                foreach (var b in octets) length = length << 8 | b;
            }
            var content = new byte[length];
            if (!await ReadExactlyAsync(stream, content).ConfigureAwait(false)) return null;
            return (header[0], content);
        }

        private static async Task<bool> ReadExactlyAsync(Stream stream, byte[] buffer)
        {
            int read = 0;
            while (read < buffer.Length)
            {
                int n = await stream.ReadAsync(buffer.AsMemory(read)).ConfigureAwait(false);
                if (n == 0) return false;
                read += n;
            }
            return true;
        }

        public void Dispose()
        {
            _listener.Stop();
            DropConnections();
            _accepting.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
#endif
