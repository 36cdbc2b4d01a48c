using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Radius.Server;

namespace RasMfa.ReceiveSide
{
    /// <summary>
    /// serve --engine DIR --secret S [--sockets N] [--threads N] [--handler sync|hop]: listens on 127.0.0.1 (a free port,
    /// printed as "READY port"), accepts every request from 127.0.0.0/8, and runs until stdin closes. "sync" decides at
    /// once (as a duplicate's answer or Status-Server); "hop" completes each decision from one writer thread through a
    /// task whose continuations run asynchronously, as the store's write queue does. --sockets/--threads are passed to
    /// RadiusServer.Start where that build takes them (a baseline build has one layout).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            string engine = Argument(args, "--engine") ?? throw new ArgumentException("--engine DIR");
            // The engine and its dependencies come from the module's folder, so one harness measures any build.
            AssemblyLoadContext.Default.Resolving += (context, name) =>
            {
                var path = Path.Combine(engine, name.Name + ".dll");
                return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
            };
            return Serve(args);
        }

        private static string? Argument(string[] args, string name)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Serve(string[] args)
        {
            var secret = Encoding.ASCII.GetBytes(Argument(args, "--secret") ?? throw new ArgumentException("--secret S"));
            int sockets = int.Parse(Argument(args, "--sockets") ?? "0");
            int threads = int.Parse(Argument(args, "--threads") ?? "0");
            IAccessRequestHandler handler = (Argument(args, "--handler") ?? "sync") == "hop" ? new HopHandler() : new SyncHandler();
            var client = new RadiusClientDefinition("loadgen", IpNetwork.Parse("127.0.0.0/8"), secret);
            var processor = new RequestProcessor(() => new ClientRegistry(new[] { client }), handler, new ServerCounters(),
                new DuplicateCache(TimeSpan.FromSeconds(10)), new StatusServerLimiter(), new InFlightGate(() => 4000), NullLogger.Instance);
            var server = new RadiusServer(processor, NullLogger.Instance);
            var start = typeof(RadiusServer).GetMethods().Single(m => m.Name == nameof(RadiusServer.Start));
            var values = new object[] { new[] { IPAddress.Loopback }, 0, 4 * 1024 * 1024, sockets, threads };
            start.Invoke(server, values.Take(start.GetParameters().Length).ToArray());
            Console.WriteLine("READY " + server.Endpoints[0].Port);
            Console.In.ReadToEnd();
            server.Dispose();
            return 0;
        }

        private sealed class SyncHandler : IAccessRequestHandler
        {
            public Task<AccessDecision> DecideAsync(AccessRequestContext context, CancellationToken cancellationToken) => Task.FromResult(AccessDecision.Accept());
        }

        /// <summary>One writer thread completes every decision, woken per request: the shape of the store's commit.</summary>
        private sealed class HopHandler : IAccessRequestHandler
        {
            private readonly BlockingCollection<TaskCompletionSource<AccessDecision>> _queue = new BlockingCollection<TaskCompletionSource<AccessDecision>>();

            public HopHandler()
            {
                new Thread(() =>
                {
                    foreach (var pending in _queue.GetConsumingEnumerable()) pending.SetResult(AccessDecision.Accept());
                }) { IsBackground = true, Name = "writer" }.Start();
            }

            public Task<AccessDecision> DecideAsync(AccessRequestContext context, CancellationToken cancellationToken)
            {
                var pending = new TaskCompletionSource<AccessDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
                _queue.Add(pending);
                return pending.Task;
            }
        }
    }
}
