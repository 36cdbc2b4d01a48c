using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Entra;

namespace RasMfa.Entra
{
    /// <summary>
    /// Graph's requests go to Graph's own scheme, host and port, nowhere else. The SDK's token provider compares the host
    /// only, so a nextLink (or a redirect) to another port of Graph's host would carry the bearer token there: every link the
    /// engine follows is checked here first, and this handler, innermost in Graph's pipeline, refuses any request off Graph
    /// before it is sent, whatever built it.
    /// </summary>
    internal sealed class GraphHostGuard : DelegatingHandler
    {
        private readonly Uri _graphRoot;

        public GraphHostGuard(Uri graphRoot) => _graphRoot = graphRoot;

        public static Uri OnGraph(string url, Uri graphRoot)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || !IsOnGraph(target, graphRoot))
                throw new EntraGraphException($"A delta or next link is not on Graph ({graphRoot.Authority}); it was not followed.");
            return target;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri == null || !IsOnGraph(request.RequestUri, _graphRoot))
                throw new EntraGraphException($"A request to {request.RequestUri?.GetLeftPart(UriPartial.Authority)} is not to Graph ({_graphRoot.Authority}); it was not sent.");
            return base.SendAsync(request, cancellationToken);
        }

        // Authority is host and port (the scheme's default port left out on both sides).
        private static bool IsOnGraph(Uri target, Uri graphRoot) =>
            target.Scheme == Uri.UriSchemeHttps && string.Equals(target.Authority, graphRoot.Authority, StringComparison.OrdinalIgnoreCase);
    }
}
