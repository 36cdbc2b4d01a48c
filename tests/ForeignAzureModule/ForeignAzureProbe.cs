using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace ForeignAzureModule
{
    /// <summary>What such a module does with its own Azure.Identity: a client-secret token through MSAL and Azure.Core's pipeline.</summary>
    public static class ForeignAzureProbe
    {
        /// <summary>Gets a token from an in-process token endpoint and reports it with the versions that served it.</summary>
        public static string Token()
        {
            var options = new ClientSecretCredentialOptions
            {
                AuthorityHost = new Uri("https://login.foreign.test/"),
                DisableInstanceDiscovery = true,
                Transport = new HttpClientTransport(new TokenEndpoint()),
            };
            var credential = new ClientSecretCredential("11111111-2222-3333-4444-555555555555", "66666666-7777-8888-9999-000000000000", "foreign-secret", options);
            var token = credential.GetToken(new TokenRequestContext(new[] { "https://foreign.test/.default" }), CancellationToken.None);
            return $"{token.Token} identity={Version(typeof(ClientSecretCredential))} core={Version(typeof(TokenCredential))} msal={Version(typeof(Microsoft.Identity.Client.ConfidentialClientApplication))}";
        }

        private static string Version(Type type) => type.Assembly.GetName().Version!.ToString();

        // The sign-in service as MSAL asks it: the tenant's OpenID configuration, then the token endpoint.
        private sealed class TokenEndpoint : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var path = request.RequestUri!.AbsolutePath;
                var body = path.EndsWith("/token", StringComparison.Ordinal)
                    ? "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"foreign-token\"}"
                    : "{\"token_endpoint\":\"https://login.foreign.test/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token\",\"issuer\":\"https://login.foreign.test/11111111-2222-3333-4444-555555555555/v2.0\",\"authorization_endpoint\":\"https://login.foreign.test/11111111-2222-3333-4444-555555555555/oauth2/v2.0/authorize\"}";
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
            }
        }
    }
}
