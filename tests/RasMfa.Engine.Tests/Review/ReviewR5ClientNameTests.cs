using System;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Tests.Administration;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R5: a RADIUS client's name goes into log lines (PacketsDropped, RequestFault, the challenge caps) and onto the
    /// admin's terminal. Add-RasMfaRadiusClient takes any non-empty text, so a name with a line break, a NUL or an ANSI escape
    /// is stored and later forges lines in the journal or rewrites the terminal; user names with such characters are refused
    /// at the wire (ReceivedText.NameFlaw), client names nowhere.
    /// </summary>
    public sealed class ReviewR5ClientNameTests : IDisposable
    {
        private readonly TemporaryStore _temporary = new TemporaryStore();

        public void Dispose() => _temporary.Dispose();

        [Theory]
        [InlineData("vpn\n<0>RasMfa.Mfa[2000] Accept mallory")]
        [InlineData("vpn\0<0>forged")]
        [InlineData("vpn\u001b[2K")]
        [InlineData("vpn\u202egnp.exe")]
        public void A_client_name_with_control_or_bidi_characters_is_refused_as_an_invalid_argument(string name)
        {
            var clients = new ClientService(_temporary.Store.Clients);
            var settings = new ClientChanges { Address = "10.0.0.21", SharedSecret = Encoding.UTF8.GetBytes("a-shared-secret-for-tests") };

            var error = Record.Exception(() => clients.Add(name, settings, new RecordingReview()));

            Assert.True(error is EngineException refused && refused.Kind == EngineErrorKind.InvalidArgument,
                $"the client name {DisplayName(name)} was {(error == null ? "stored" : "refused with " + error.GetType().Name)}");
        }

        private static string DisplayName(string name) => RasMfa.Engine.Audit.DisplayText.Escape(name);
    }
}
