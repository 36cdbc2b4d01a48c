using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Radius;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting
{
    /// <summary>The process has one listener (RasMfaServerHost): the tests that start it run one at a time.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class ListenerCollection
    {
        public const string Name = "The process's one listener";
    }

    /// <summary>A store in a folder of its own and the process's listener on an ephemeral loopback port, stopped and removed afterwards.</summary>
    public sealed class ListenerHarness : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-listener-" + Guid.NewGuid().ToString("N"));
        private byte _identifier;

        public string DatabasePath => Path.Combine(_folder, "rasmfa.db");

        public IPEndPoint Endpoint { get; private set; } = new IPEndPoint(IPAddress.Loopback, 0);

        public long LogStart { get; private set; }

        /// <summary>Starts the listener, logging to <paramref name="logProviders"/> too (as the service host gives its own).</summary>
        public void Start(params ILoggerProvider[] logProviders)
        {
            LogStart = RasMfaServerHost.Log.Since(0).Select(e => e.Sequence).DefaultIfEmpty(0).Max();
            var status = RasMfaServerHost.Start(new ServerStartOptions
            {
                DatabasePath = DatabasePath,
                Port = 0,
                LocalAddresses = { IPAddress.Loopback },
                ReloadInterval = TimeSpan.FromMilliseconds(200),
                LogProviders = logProviders.ToList(),
            });
            Endpoint = status.Endpoints!.Single();
        }

        /// <summary>What the listener logged since it started.</summary>
        public string[] Logged() => RasMfaServerHost.Log.Since(LogStart).Select(e => $"{e.Level}: {e.Message}").ToArray();

        /// <summary>Sends a signed PAP Access-Request from <paramref name="from"/>; the reply's code, or null when none came within <paramref name="wait"/>.</summary>
        public async Task<RadiusCode?> SendAsync(string from, byte[] secret, string userName, string password, TimeSpan wait)
        {
            var authenticator = new byte[16];
            new Random().NextBytes(authenticator);
            var request = new RadiusPacket(RadiusCode.AccessRequest, unchecked(++_identifier), authenticator);
            request.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, userName));
            request.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(Encoding.UTF8.GetBytes(password), secret, authenticator)));
            var bytes = PacketSigner.EncodeRequest(request, secret);
            using var socket = new UdpClient(new IPEndPoint(IPAddress.Parse(from), 0));
            await socket.SendAsync(bytes, bytes.Length, Endpoint).ConfigureAwait(false);
            var receive = socket.ReceiveAsync();
            if (await Task.WhenAny(receive, Task.Delay(wait)).ConfigureAwait(false) != receive) return null;
            return (RadiusCode)receive.Result.Buffer[0];
        }

        public void Dispose()
        {
            RasMfaServerHost.Stop();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
