using System.Collections.Generic;

namespace RasMfa.Engine.Push
{
    /// <summary>
    /// Counts push rounds being held, overall and per client, so that held requests (each waits up to PushTimeoutSeconds)
    /// cannot pile up without bound: past a cap a round is rejected at once.
    /// </summary>
    public sealed class HeldRequests
    {
        private readonly Dictionary<string, int> _perClient = new Dictionary<string, int>(System.StringComparer.Ordinal);
        private int _total;

        public int Total
        {
            get { lock (_perClient) return _total; }
        }

        public bool TryHold(string clientName, int maxTotal, int maxPerClient)
        {
            lock (_perClient)
            {
                _perClient.TryGetValue(clientName, out int held);
                if (_total >= maxTotal || held >= maxPerClient) return false;
                _perClient[clientName] = held + 1;
                _total++;
                return true;
            }
        }

        public void Release(string clientName)
        {
            lock (_perClient)
            {
                if (!_perClient.TryGetValue(clientName, out int held)) return;
                if (held <= 1) _perClient.Remove(clientName);
                else _perClient[clientName] = held - 1;
                _total--;
            }
        }
    }
}
