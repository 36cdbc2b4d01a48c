using System;
using System.Management.Automation;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Common
{
    /// <summary>ErrorRecords with stable ids, so scripts can catch them by FullyQualifiedErrorId.</summary>
    internal static class Errors
    {
        public static ErrorRecord Create(string id, ErrorCategory category, string message, object? target, Exception? inner = null) =>
            new ErrorRecord(new InvalidOperationException(message, inner), id, category, target);

        public static ErrorRecord FromStore(StoreException e, object? target)
        {
            switch (e.Kind)
            {
                case StoreErrorKind.NotFound: return new ErrorRecord(e, "RadiusClientNotFound", ErrorCategory.ObjectNotFound, target);
                case StoreErrorKind.DuplicateName: return new ErrorRecord(e, "DuplicateRadiusClientName", ErrorCategory.ResourceExists, target);
                case StoreErrorKind.DuplicateAddress: return new ErrorRecord(e, "DuplicateRadiusClientAddress", ErrorCategory.ResourceExists, target);
                default: return new ErrorRecord(e, "StoreUnreadable", ErrorCategory.ReadError, target);
            }
        }
    }
}
