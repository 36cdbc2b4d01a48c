using System;
using System.Data.Common;
using System.Management.Automation;
using System.Threading;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Common
{
    /// <summary>
    /// A cmdlet over the store the listener uses (RASMFA_DATABASE, else the machine-wide setting, else the built-in path): opened once per pipeline,
    /// so migrations and the folder checks run once rather than per record, and disposed when the pipeline ends or is stopped.
    /// It reviews engine changes: warnings become WriteWarning, approval is ShouldProcess.
    /// </summary>
    public abstract class StoreCommand : PSCmdlet, IChangeReview, IDisposable
    {
        private IRasMfaStore? _store;

        protected IRasMfaStore Store => _store ?? throw new InvalidOperationException("The store opens in BeginProcessing.");

        private Func<DateTime>? _storeClock;

        /// <summary>Now by the store's clock, which listeners time locks, codes and expiries by (measured once per pipeline).</summary>
        protected DateTime StoreUtcNow() => (_storeClock ??= StoreClock.MeasuredOnce(Store))();

        protected override void BeginProcessing()
        {
            try
            {
                _store = StoreSelection.Current().Open();
            }
            catch (EngineException e)
            {
                ThrowTerminatingError(Errors.FromEngine(e, null));
            }
        }

        protected override void StopProcessing() => CloseStore();

        // PowerShell disposes a cmdlet when its pipeline ends, whether it finished, failed or was stopped.
        public void Dispose() => CloseStore();

        void IChangeReview.Warn(string message) => WriteWarning(message);

        bool IChangeReview.Approve(string target, string action) => ShouldProcess(target, action);

        // A database failure no noun's store turned into a refusal of its own still reaches the admin with an id (StoreFailures).

        /// <summary>Runs one engine call for one pipeline item; a refusal becomes that item's error and the pipeline goes on.</summary>
        protected void Run(object? target, Action call)
        {
            try
            {
                call();
            }
            catch (EngineException e)
            {
                WriteError(Errors.FromEngine(e, target));
            }
            catch (DbException e)
            {
                WriteError(Errors.FromEngine(StoreFailures.Explain(e, Store.Location), target));
            }
        }

        /// <summary>Runs one engine call for the whole command; a refusal ends it.</summary>
        protected void RunOrStop(object? target, Action call)
        {
            try
            {
                call();
            }
            catch (EngineException e)
            {
                ThrowTerminatingError(Errors.FromEngine(e, target));
            }
            catch (DbException e)
            {
                ThrowTerminatingError(Errors.FromEngine(StoreFailures.Explain(e, Store.Location), target));
            }
        }

        protected static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

        private void CloseStore() => (Interlocked.Exchange(ref _store, null) as IDisposable)?.Dispose();
    }
}
