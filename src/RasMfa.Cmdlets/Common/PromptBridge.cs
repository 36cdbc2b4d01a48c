using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Cmdlets.Common
{
    /// <summary>
    /// Runs engine work on the thread pool while prompts it raises are answered on the pipeline thread,
    /// the only thread allowed to talk to the PowerShell host.
    /// </summary>
    internal sealed class PromptBridge
    {
        private readonly BlockingCollection<PromptRequest> _requests = new BlockingCollection<PromptRequest>();

        /// <summary>Hand this to the engine: it blocks the worker until the pipeline thread answers.</summary>
        public string? Ask(string? message)
        {
            var request = new PromptRequest(message);
            _requests.Add(request);
            return request.Answer.Task.GetAwaiter().GetResult();
        }

        /// <summary>Waits for <paramref name="work"/> on the pipeline thread, answering prompts with <paramref name="answer"/> meanwhile.</summary>
        public T Run<T>(Task<T> work, Func<string?, string?> answer, CancellationToken cancellationToken)
        {
            while (!work.IsCompleted)
            {
                if (_requests.TryTake(out var request, 50, cancellationToken))
                {
                    try
                    {
                        request.Answer.SetResult(answer(request.Message));
                    }
                    catch (Exception e)
                    {
                        request.Answer.SetException(e);
                    }
                }
            }
            return work.GetAwaiter().GetResult();
        }

        private sealed class PromptRequest
        {
            public PromptRequest(string? message) => Message = message;

            public string? Message { get; }

            public TaskCompletionSource<string?> Answer { get; } = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
