using System;
using System.Linq;
using System.Net.Http;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using RasMfa.Engine.Entra;

namespace RasMfa.Entra
{
    /// <summary>
    /// The real Azure.Identity credential and GraphServiceClient for a tenant, both over one HTTP transport (the test's,
    /// which trusts only its CA, when the connection names one). Instance discovery is off: the authority host is the
    /// cloud's, by name, and no metadata from elsewhere can move it. Loaded by name by the engine's EntraGateway.
    /// </summary>
    public sealed class GraphEntraFactory : IEntraGraphFactory
    {
        public IEntraGraph Open(EntraConnection connection)
        {
            var transportHandler = TestTrust.Handler(connection.TrustedTestCa);
            TokenCredential credential;
            try
            {
                credential = Credential(connection, new HttpClientTransport(transportHandler));
            }
            catch (ArgumentException e)
            {
                // Azure.Identity refuses a tenant id or client id it cannot use: the admin's setting, said as an Entra failure.
                transportHandler.Dispose();
                throw new EntraGraphException($"Azure.Identity refused the tenant's settings: {e.Message}", null, e);
            }
            var scope = new Uri(connection.GraphRoot, ".default").AbsoluteUri;

            // Graph's own pipeline (retry, redirect, compression...), its retry handler bounded: a 429 waits as Retry-After
            // says, a 503 or 504 with exponential backoff, at most MaxRetries times.
            var handlers = GraphClientFactory.CreateDefaultHandlers(new GraphClientOptions());
            for (int i = 0; i < handlers.Count; i++)
                if (handlers[i] is RetryHandler)
                    handlers[i] = new RetryHandler(new RetryHandlerOption { MaxRetry = connection.MaxRetries, Delay = connection.RetryDelaySeconds, RetriesTimeLimit = TimeSpan.FromMinutes(2) });
            // Innermost, so that it sees every request, redirected ones too: none leaves for anywhere but Graph's host and port.
            handlers.Add(new GraphHostGuard(connection.GraphRoot));
            var httpClient = GraphClientFactory.Create(handlers, "v1.0", GraphClientFactory.Global_Cloud, null, transportHandler, true);
            httpClient.Timeout = TimeSpan.FromSeconds(100);
            // The allowed hosts come from the endpoint; the SDK compares hosts only, the port is GraphHostGuard's to check.
            var authentication = new Microsoft.Graph.Authentication.AzureIdentityAuthenticationProvider(credential, new[] { connection.GraphRoot.Host }, null, true, scope);
            var client = new GraphServiceClient(httpClient, authentication, new Uri(connection.GraphRoot, "v1.0").AbsoluteUri);
            return new GraphEntraDirectory(client, httpClient, credential, scope);
        }

        private static TokenCredential Credential(EntraConnection connection, HttpPipelineTransport transport)
        {
            var tenant = connection.Tenant;
            switch (tenant.CredentialKind)
            {
                case EntraCredentialKind.ClientSecret:
                    var secret = System.Text.Encoding.UTF8.GetString(tenant.Secret ?? new byte[0]);
                    return new ClientSecretCredential(tenant.TenantId, tenant.ClientId, secret, Options(new ClientSecretCredentialOptions(), connection, transport));
                case EntraCredentialKind.CertificateThumbprint:
                    return new ClientCertificateCredential(tenant.TenantId, tenant.ClientId, EntraCertificates.FromMachineStore(tenant.CertificateThumbprint!),
                        Options(new ClientCertificateCredentialOptions(), connection, transport));
                default:
                    return new ClientCertificateCredential(tenant.TenantId, tenant.ClientId, EntraCertificates.FromFile(tenant.CertificatePath!, tenant.Secret),
                        Options(new ClientCertificateCredentialOptions(), connection, transport));
            }
        }

        private static T Options<T>(T options, EntraConnection connection, HttpPipelineTransport transport) where T : TokenCredentialOptions
        {
            options.AuthorityHost = connection.AuthorityHost;
            options.Transport = transport;
            options.Retry.MaxRetries = connection.MaxRetries;
            options.Retry.Delay = TimeSpan.FromSeconds(connection.RetryDelaySeconds);
            if (options is ClientSecretCredentialOptions secretOptions) secretOptions.DisableInstanceDiscovery = true;
            if (options is ClientCertificateCredentialOptions certificateOptions)
            {
                certificateOptions.DisableInstanceDiscovery = true;
                // The x5c header lets Entra check a certificate by its subject name (the app's trustedCertificateSubjects).
                certificateOptions.SendCertificateChain = false;
            }
            return options;
        }
    }
}
