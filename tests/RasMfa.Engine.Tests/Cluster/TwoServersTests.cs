using System;

namespace RasMfa.Engine.Tests.Cluster
{
    /// <summary>
    /// A class of tests on two servers sharing one store: each test makes its own <see cref="TwoServers"/> (on the store
    /// kind it runs on, with the first factor it needs) into <see cref="_s"/>, and they are closed after it.
    /// </summary>
    public abstract class TwoServersTests : IDisposable
    {
        protected TwoServers _s = null!;

        public void Dispose() => _s?.Dispose();
    }
}
