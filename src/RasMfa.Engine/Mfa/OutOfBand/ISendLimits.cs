using System;
using System.Threading.Tasks;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Users;
using RasMfa.Engine.Clients;

namespace RasMfa.Engine.Mfa.OutOfBand
{
    /// <summary>Which limit stopped a send, if any.</summary>
    public enum SendAllowance
    {
        Allowed,
        UserLimit,
        ClientLimit,
        GlobalLimit,
    }

    /// <summary>
    /// The abuse limits on codes sent out of band (no SMS or call bombing, a cap on what a flood costs), decided in the
    /// store so that every server sharing it counts the same sends: per user and method, per client, and over all.
    /// </summary>
    public interface ISendLimits
    {
        /// <summary>
        /// Counts one send of <paramref name="method"/> to <paramref name="userId"/> through <paramref name="clientName"/> at
        /// <paramref name="nowUtc"/> against every limit of <paramref name="settings"/>, in one transaction, only if none is
        /// reached; otherwise counts nothing and says which limit stopped it.
        /// </summary>
        Task<SendAllowance> TryCountAsync(long userId, MethodKind method, string clientName, DateTime nowUtc, MfaSettings settings);
    }
}
