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

        /// <summary>The store names the error id; the kind gives the category.</summary>
        public static ErrorRecord FromStore(StoreException e, object? target)
        {
            var category = e.Kind switch
            {
                StoreErrorKind.NotFound => ErrorCategory.ObjectNotFound,
                StoreErrorKind.Duplicate => ErrorCategory.ResourceExists,
                StoreErrorKind.Conflict => ErrorCategory.InvalidOperation,
                StoreErrorKind.Invalid => ErrorCategory.InvalidArgument,
                StoreErrorKind.Insecure => ErrorCategory.SecurityError,
                StoreErrorKind.AccessDenied => ErrorCategory.PermissionDenied,
                _ => ErrorCategory.ReadError,
            };
            return new ErrorRecord(e, e.ErrorId, category, target);
        }
    }
}
