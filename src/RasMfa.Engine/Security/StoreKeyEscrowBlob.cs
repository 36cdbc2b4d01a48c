using System;
using System.Text;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Security
{
    /// <summary>
    /// The escrow's octets, version 1, integers big-endian:
    /// "RMKE", version (1), KDF (1 = Argon2id v1.3), memory in KiB (4), passes (4), lanes (4), salt length (1) and salt,
    /// store id length (1) and store id (ASCII); then nonce (12), tag (16), wrapped key (32). Everything before the nonce
    /// is the header, bound to the wrapped key as AES-GCM's associated data.
    /// </summary>
    internal sealed class StoreKeyEscrowBlob
    {
        public const byte Version1 = 1;
        public const byte KdfArgon2id13 = 1;
        private const int MinSaltLength = 16;
        private const int MaxSaltLength = 64;
        private static readonly byte[] Magic = { (byte)'R', (byte)'M', (byte)'K', (byte)'E' };

        private StoreKeyEscrowBlob(byte[] header, Argon2idCost cost, byte[] salt, string storeId, byte[] nonce, byte[] tag, byte[] ciphertext)
        {
            Header = header;
            Cost = cost;
            Salt = salt;
            StoreId = storeId;
            Nonce = nonce;
            Tag = tag;
            Ciphertext = ciphertext;
        }

        public byte[] Header { get; }

        public Argon2idCost Cost { get; }

        public byte[] Salt { get; }

        public string StoreId { get; }

        public byte[] Nonce { get; }

        public byte[] Tag { get; }

        public byte[] Ciphertext { get; }

        public static byte[] WriteHeader(Argon2idCost cost, byte[] salt, string storeId)
        {
            var id = Encoding.ASCII.GetBytes(storeId);
            var header = new byte[Magic.Length + 2 + 12 + 1 + salt.Length + 1 + id.Length];
            int at = 0;
            Put(header, ref at, Magic);
            header[at++] = Version1;
            header[at++] = KdfArgon2id13;
            PutUInt32(header, ref at, cost.MemoryKiB);
            PutUInt32(header, ref at, cost.Passes);
            PutUInt32(header, ref at, cost.Lanes);
            header[at++] = (byte)salt.Length;
            Put(header, ref at, salt);
            header[at++] = (byte)id.Length;
            Put(header, ref at, id);
            return header;
        }

        public static byte[] Join(byte[] header, byte[] nonce, byte[] tag, byte[] ciphertext)
        {
            var blob = new byte[header.Length + nonce.Length + tag.Length + ciphertext.Length];
            int at = 0;
            Put(blob, ref at, header);
            Put(blob, ref at, nonce);
            Put(blob, ref at, tag);
            Put(blob, ref at, ciphertext);
            return blob;
        }

        /// <summary>Reads and checks a blob without any costly work: its structure, version, KDF and cost.</summary>
        public static StoreKeyEscrowBlob Read(byte[] blob)
        {
            var reader = new Reader(blob);
            if (!SameOctets(reader.Take(Magic.Length), Magic)) throw Damaged("it does not begin as a RasMfa store key escrow");
            byte version = reader.Byte();
            if (version != Version1) throw Unsupported($"it is of version {version}, which this RasMfa does not know; update RasMfa on this server");
            byte kdf = reader.Byte();
            if (kdf != KdfArgon2id13) throw Unsupported($"its key derivation ({kdf}) is not one this RasMfa knows; update RasMfa on this server");
            var cost = new Argon2idCost(reader.UInt32(), reader.UInt32(), reader.UInt32());
            var invalidity = cost.Invalidity();
            if (invalidity != null) throw Unsupported($"its key derivation {invalidity}; RasMfa never makes such an escrow, so it is damaged or not RasMfa's");
            int saltLength = reader.Byte();
            if (saltLength < MinSaltLength || saltLength > MaxSaltLength) throw Damaged($"its salt is {saltLength} octets long");
            var salt = reader.Take(saltLength);
            var id = Encoding.ASCII.GetString(reader.Take(reader.Byte()));
            if (!StoreIds.IsValid(id)) throw Damaged("the store id it names is not one RasMfa makes");
            int headerLength = reader.Position;
            var nonce = reader.Take(AesGcmLayout.NonceLength);
            var tag = reader.Take(AesGcmLayout.TagLength);
            var ciphertext = reader.Take(AesGcmLayout.KeyLength);
            if (reader.Position != blob.Length) throw Damaged($"{blob.Length - reader.Position} octet(s) follow its end");
            var header = new byte[headerLength];
            Buffer.BlockCopy(blob, 0, header, 0, headerLength);
            return new StoreKeyEscrowBlob(header, cost, salt, id, nonce, tag, ciphertext);
        }

        private static bool SameOctets(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }

        private static void Put(byte[] target, ref int at, byte[] octets)
        {
            Buffer.BlockCopy(octets, 0, target, at, octets.Length);
            at += octets.Length;
        }

        private static void PutUInt32(byte[] target, ref int at, long value)
        {
            uint v = checked((uint)value);
            target[at++] = (byte)(v >> 24);
            target[at++] = (byte)(v >> 16);
            target[at++] = (byte)(v >> 8);
            target[at++] = (byte)v;
        }

        internal static StoreKeyException Damaged(string why) => new StoreKeyException(EngineErrorKind.Unreadable, StoreKeyException.EscrowDamagedId,
            $"The store key's escrow cannot be read: {why}. Use an intact copy, or make a new escrow on a server that already has the store's key.");

        private static StoreKeyException Unsupported(string why) => new StoreKeyException(EngineErrorKind.Unreadable, StoreKeyException.EscrowUnsupportedId,
            $"The store key's escrow is refused before any work: {why}.");

        /// <summary>Reads forward through the blob; running past its end is damage, never an IndexOutOfRangeException.</summary>
        private sealed class Reader
        {
            private readonly byte[] _blob;

            public Reader(byte[] blob)
            {
                _blob = blob;
            }

            public int Position { get; private set; }

            public byte Byte() => Take(1)[0];

            public long UInt32()
            {
                var b = Take(4);
                return ((long)b[0] << 24) | ((long)b[1] << 16) | ((long)b[2] << 8) | b[3];
            }

            public byte[] Take(int length)
            {
                if (_blob.Length - Position < length) throw Damaged($"it is cut short ({_blob.Length} octets)");
                var result = new byte[length];
                Buffer.BlockCopy(_blob, Position, result, 0, length);
                Position += length;
                return result;
            }
        }
    }
}
