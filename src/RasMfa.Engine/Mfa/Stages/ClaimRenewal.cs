using System;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Keeps this server's claim on a request fresh while its first factor runs (a directory may take up to its timeout,
    /// past DuplicateWaitSeconds): renewed every third of the lease, so that another server sees a live claim and waits for
    /// the answer rather than taking it over and checking the password again. Stopped when the login is decided; a claim
    /// whose server dies is no longer renewed and is taken over one lease later.
    /// </summary>
    internal sealed class ClaimRenewal : IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        private ClaimRenewal()
        {
        }

        public static TimeSpan Every(TimeSpan lease) => TimeSpan.FromTicks(lease.Ticks / 3);

        public static ClaimRenewal Start(ILoginStore logins, byte[] requestKey, string serverId, Func<DateTime> clock, TimeSpan lease)
        {
            var renewal = new ClaimRenewal();
            _ = renewal.RenewAsync(logins, requestKey, serverId, clock, lease);
            return renewal;
        }

        private async Task RenewAsync(ILoginStore logins, byte[] requestKey, string serverId, Func<DateTime> clock, TimeSpan lease)
        {
            var token = _stop.Token;
            try
            {
                while (true)
                {
                    await Task.Delay(Every(lease), token).ConfigureAwait(false);
                    try
                    {
                        // The claim statement renews this server's own claim and never touches an answer.
                        await logins.ClaimAsync(new DecidedRequest(requestKey, serverId, clock()), lease).ConfigureAwait(false);
                    }
                    catch (Exception e) when (!(e is OperationCanceledException))
                    {
                        // The store refused this renewal: the next may pass; if none does, the claim runs out as a dead server's would.
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}
