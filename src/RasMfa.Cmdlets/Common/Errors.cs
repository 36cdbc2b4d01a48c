using System;
using System.Management.Automation;
using RasMfa.Engine.Administration;

namespace RasMfa.Cmdlets.Common
{
    /// <summary>ErrorRecords with stable ids, so scripts can catch them by FullyQualifiedErrorId.</summary>
    internal static class Errors
    {
        public static ErrorRecord Create(string id, ErrorCategory category, string message, object? target, Exception? inner = null) =>
            new ErrorRecord(new InvalidOperationException(message, inner), id, category, target);

        /// <summary>The engine names the error id; its kind gives the category, here and nowhere else.</summary>
        public static ErrorRecord FromEngine(EngineException e, object? target) =>
            new ErrorRecord(e, e.ErrorId, CategoryOf(e.Kind), e.Target ?? target);

        private static ErrorCategory CategoryOf(EngineErrorKind kind) => kind switch
        {
            EngineErrorKind.NotFound => ErrorCategory.ObjectNotFound,
            EngineErrorKind.AlreadyExists => ErrorCategory.ResourceExists,
            EngineErrorKind.Conflict => ErrorCategory.InvalidOperation,
            EngineErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            EngineErrorKind.Unavailable => ErrorCategory.ConnectionError,
            EngineErrorKind.Insecure => ErrorCategory.SecurityError,
            EngineErrorKind.AccessDenied => ErrorCategory.PermissionDenied,
            _ => ErrorCategory.ReadError,
        };
    }
}
