using System;
using System.IO;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Security;
using RasMfa.Engine.Logging;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// Keeps a process that runs for long (the listener) on the shared store's key when the key changes under it: a rotation
    /// on another server, or in another session here, reseals every secret with a new key; a join here puts the new key in
    /// this server's key files. When the store's key check value no longer opens with the key held (seen by the listener's
    /// poll, <see cref="Check"/>, or by a secret that does not unseal, <see cref="AfterKeyFailed"/>), the key is loaded
    /// again from this server's key files (the current one, a rotation's pending one; never a retired one, which only a new
    /// open may take) and proved against the store. At most once per <see cref="RetryInterval"/>: a flood of damaged rows makes no storm of reloads. While no
    /// key kept here proves, a read that needs a secret is refused as the store unavailable (StoreKeyStale: the listener
    /// answers as StoreUnavailableAnswer says, never Accept), logged once, naming Join-RasMfaStore.
    /// The reload takes no administrative lock: it writes nothing to the store, and promotes a rotation's pending key only
    /// when that key opens the committed check value; so no login waits for an admin's session or a rotation's transaction.
    /// </summary>
    internal sealed class StoreKeyFollower
    {
        public const string StaleErrorId = "StoreKeyStale";

        /// <summary>The least time between two reloads of the key.</summary>
        public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

        private readonly string _storeId;
        private readonly Func<byte[]?> _readCheckValue;
        private readonly Func<byte[], (ISecretProtector Protector, StoreKeyCheck Check)> _loadProved;
        private readonly object _gate = new object();
        private HeldStoreKey _held;
        private DateTime? _lastReloadUtc;
        private string? _staleReason;
        private Exception? _staleCause;
        private long _reloads;

        /// <param name="readCheckValue">The store's key check value now (null when it keeps none); throws when the store cannot be read.</param>
        /// <param name="loadProved">A key kept on this server that opens the check value given, with its check; throws a StoreException or StoreKeyException when none does.</param>
        public StoreKeyFollower(string storeId, HeldStoreKey held, Func<byte[]?> readCheckValue,
            Func<byte[], (ISecretProtector Protector, StoreKeyCheck Check)> loadProved, ILogger? logger)
        {
            _storeId = storeId;
            _held = held;
            _readCheckValue = readCheckValue;
            _loadProved = loadProved;
            Logger = logger ?? NullLogger.Instance;
        }

        /// <summary>The key to seal and unseal with now.</summary>
        public HeldStoreKey Held => Volatile.Read(ref _held);

        public ILogger Logger { get; set; }

        /// <summary>Times the reloads (this machine's clock: only compared with itself).</summary>
        public Func<DateTime> Clock { get; set; } = () => DateTime.UtcNow;

        /// <summary>
        /// Times the key was looked at again beyond the poll's read: after a secret did not unseal (the store's check value
        /// read), and after the check value changed (this server's key files loaded and proved). At most one per <see cref="RetryInterval"/>.
        /// </summary>
        public long Reloads => Interlocked.Read(ref _reloads);

        /// <summary>True while the store's key is not one this server keeps: secrets are refused until a join.</summary>
        public bool IsStale
        {
            get
            {
                lock (_gate) return _staleReason != null;
            }
        }

        /// <summary>
        /// The listener's poll: reads the store's check value and, when the key held no longer proves it, follows the key
        /// (if a reload is due). A store that cannot be read throws, as the poll's other reads do.
        /// </summary>
        public void Check()
        {
            var stored = _readCheckValue();
            lock (_gate)
            {
                if (ProvedByHeld(stored) || !Due()) return;
                TakeTurn();
                Reload(stored);
            }
        }

        /// <summary>
        /// A secret sealed with the store's key did not unseal with <paramref name="heldAtFailure"/> (or the store's check
        /// value refused it before a sealing write). Null: unseal (or seal) again with <see cref="Held"/> (a key followed, by this call or by another thread's; or, when it is still the same key,
        /// the key is the store's and the secret itself is damaged). Otherwise the refusal to throw: the key is not the
        /// store's and none kept here is, or the store could not be read to tell.
        /// </summary>
        public StoreException? AfterKeyFailed(HeldStoreKey heldAtFailure)
        {
            lock (_gate)
            {
                if (!ReferenceEquals(_held, heldAtFailure)) return null;
                // Within the interval, what the last look found stands: a flood of damaged rows reads nothing more.
                if (!Due()) return Refusal();
                TakeTurn();
                byte[]? stored;
                try
                {
                    stored = _readCheckValue();
                }
                catch (Exception e) when (!(e is OutOfMemoryException))
                {
                    return new StoreException(StoreErrorKind.Unavailable, StaleErrorId,
                        $"A secret of the shared store '{_storeId}' did not open with this server's key, and the store could not be read to check its key: {e.Message}", e);
                }
                if (!ProvedByHeld(stored)) Reload(stored);
                return ReferenceEquals(_held, heldAtFailure) ? Refusal() : null;
            }
        }

        private void TakeTurn()
        {
            _lastReloadUtc = Clock();
            Interlocked.Increment(ref _reloads);
        }

        // Under the gate: true when the key held opens the store's check value (a key that was stale is the store's again).
        private bool ProvedByHeld(byte[]? stored)
        {
            var check = _held.Check;
            if (stored == null || check == null || !check.Proves(stored)) return false;
            if (_staleReason != null)
                Logger.LogWarning(LogEvents.StoreKeyChanged, "The shared store '{StoreId}' opens with this server's key again (its key check value was put back): secrets are read again.", _storeId);
            _staleReason = null;
            _staleCause = null;
            return true;
        }

        // Under the gate, in a turn taken: the key this server keeps that proves the store's check value, or stale.
        private void Reload(byte[]? stored)
        {
            var held = _held;
            try
            {
                if (stored == null) throw new StoreException(StoreErrorKind.Unreadable, StoreKeyCheck.MismatchErrorId, "the store keeps no key check value (it was removed)");
                var (protector, check) = _loadProved(stored);
                Volatile.Write(ref _held, new HeldStoreKey(protector, check, held.Generation + 1));
                // The key followed away from no longer opens the store: its ciphers go (a thread still using it finishes with one of its own).
                (held.Protector as IDisposable)?.Dispose();
                _staleReason = null;
                _staleCause = null;
                Logger.LogWarning(LogEvents.StoreKeyChanged, "The shared store '{StoreId}' was given a new key (Update-RasMfaStoreKey) or this server joined it again: this process now uses the key " +
                    "this server keeps for it, without a restart.", _storeId);
            }
            catch (Exception e) when (e is EngineException || e is IOException || e is UnauthorizedAccessException)
            {
                bool first = _staleReason == null;
                _staleReason = e.Message;
                _staleCause = e;
                if (first)
                    Logger.LogError(LogEvents.StoreKeyStale, e, "This server's key for the shared store '{StoreId}' no longer opens it, and no key kept here does: the store was given a new key " +
                        "on another server, or this server's key file was replaced. Logins that need a secret are answered as StoreUnavailableAnswer says, never accepted. " +
                        "Run Join-RasMfaStore on this server with the store's passphrase: the listener takes the key within {Seconds} s, without a restart.",
                        _storeId, RetryInterval.TotalSeconds);
            }
        }

        private bool Due() => _lastReloadUtc == null || Clock() - _lastReloadUtc.Value >= RetryInterval || Clock() < _lastReloadUtc.Value;

        // Under the gate: the refusal while the key is stale; null while the key held is the store's (the secret is damaged).
        private StoreException? Refusal() => _staleReason == null ? null : new StoreException(StoreErrorKind.Unavailable, StaleErrorId,
            $"This server's key for the shared store '{_storeId}' does not open the store's secrets, and no key this server keeps does ({_staleReason}). " +
            "The store was given a new key on another server (Update-RasMfaStoreKey), or this server's key file was replaced. " +
            "Run Join-RasMfaStore on this server with the store's passphrase; a running listener takes the key without a restart.", _staleCause);
    }
}
