using System;
using System.Net;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Users;

namespace RasMfa.Micro
{
    /// <summary>
    /// Small allocations of the login path, each beside the form it replaced (measured in the same run): a user name's key
    /// (ASCII names by their upper case; the whole rule, as before, through UserNameKey's internal OfAnyText), a user's
    /// stored methods when none, and a dropped packet's detail when the drop log's limit keeps the line out.
    /// </summary>
    [MemoryDiagnoser]
    public class LoginAllocationBenchmarks
    {
        private static readonly Func<string, string> WholeRule = (Func<string, string>)typeof(UserNameKey)
            .GetMethod("OfAnyText", BindingFlags.NonPublic | BindingFlags.Static)!.CreateDelegate(typeof(Func<string, string>));
        private readonly DropLog _drops = new DropLog(NullLogger.Instance, TimeSpan.FromHours(1));
        private readonly IPEndPoint _source = new IPEndPoint(IPAddress.Loopback, 1812);
        private readonly string _client = "ras-gateway";
        private string _name = "alice";

        [GlobalSetup]
        public void Setup()
        {
            // The first drop of each reason is written; the ones measured are those the limit keeps out.
            _drops.Dropped(DropReason.BadMessageAuthenticator, _source, "first");
            _name = new string("alice".ToCharArray());
        }

        [Benchmark(Baseline = true, Description = "user name key, whole rule (before): 'alice'")]
        public string KeyWholeRule() => WholeRule(_name);

        [Benchmark(Description = "user name key, ASCII way (after): 'alice'")]
        public string KeyAscii() => UserNameKey.Of(_name);

        [Benchmark(Description = "stored methods: none (after: one shared empty list)")]
        public object NoMethods() => MethodKinds.Parse(null);

        [Benchmark(Description = "dropped packet, line kept out: detail made first (before)")]
        public void DropEager() => _drops.Dropped(DropReason.BadMessageAuthenticator, _source, $"client {_client}: wrong shared secret or altered packet");

        [Benchmark(Description = "dropped packet, line kept out: detail made when written (after)")]
        public void DropLazy() => _drops.Dropped(DropReason.BadMessageAuthenticator, _source, _client, client => $"client {client}: wrong shared secret or altered packet");
    }
}
