using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace RasMfa.EntraStub
{
    /// <summary>
    /// The sign-in service's token endpoint and Graph for one tenant, answering in the shapes the real ones do: the group
    /// "VPN Users" whose transitive members come over three pages (the second first answered 429 with Retry-After, the
    /// third first answered 503), users' phone methods, the organization, and sendMail (<see cref="GraphMailbox"/>). Graph requests without the issued bearer
    /// token are answered 401; a token request must carry the client secret, or a client assertion signed by the certificate.
    /// </summary>
    public sealed class GraphScenario
    {
        public const string TenantId = "8c1f3a52-2b5e-4f7d-9a61-0d4e6b7c8a90";
        public const string ClientId = "3f6a1b2c-4d5e-4f60-8a7b-9c0d1e2f3a4b";
        public const string ClientSecret = "stub-secret~Zx9";
        public const string GroupId = "6a0c2f44-1d3b-4e5f-8a9b-0c1d2e3f4a5b";
        public const string NestedGroupId = "7b1d3055-2e4c-4f60-9bac-1d2e3f4a5b6c";

        private readonly HashSet<string> _failedOnce = new HashSet<string>();
        private string? _issuedToken;

        public GraphScenario(X509Certificate2? clientCertificate = null) => ClientCertificate = clientCertificate;

        /// <summary>The application permissions the issued token carries.</summary>
        public string[] Roles { get; set; } = { "User.Read.All", "GroupMember.Read.All", "UserAuthenticationMethod.Read.All" };

        /// <summary>When set, the token endpoint checks a client assertion signed by it instead of a secret.</summary>
        public X509Certificate2? ClientCertificate { get; }

        /// <summary>Graph's sendMail, by mailbox.</summary>
        public GraphMailbox Mailboxes { get; } = new GraphMailbox();
        /// <summary>The group whose deltas a sync reads.</summary>
        public DeltaGroup Delta { get; } = new DeltaGroup();

        /// <summary>What the token endpoint found wrong, when it refused.</summary>
        public List<string> Refusals { get; } = new List<string>();

        public StubResponse Handle(StubRequest request)
        {
            if (request.Method == "POST" && request.Path == $"/{TenantId}/oauth2/v2.0/token") return Token(request);
            if (request.Path.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal)) return OpenIdConfiguration(request);
            if (!request.Path.StartsWith("/v1.0/", StringComparison.Ordinal)) return new StubResponse(404, "{}");
            if (_issuedToken == null || request.Header("Authorization") != "Bearer " + _issuedToken)
                return new StubResponse(401, Error("InvalidAuthenticationToken", "Access token is empty."));
            return Graph(request);
        }

        private StubResponse Token(StubRequest request)
        {
            var form = request.Body.Split('&').Select(p => p.Split(new[] { '=' }, 2))
                .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "");
            string? refusal = null;
            if (!form.TryGetValue("grant_type", out var grant) || grant != "client_credentials") refusal = "grant_type";
            else if (!form.TryGetValue("client_id", out var client) || client != ClientId) refusal = "client_id";
            else if (ClientCertificate == null && (!form.TryGetValue("client_secret", out var secret) || secret != ClientSecret)) refusal = "client_secret";
            else if (ClientCertificate != null && (!form.TryGetValue("client_assertion", out var assertion) || !AssertionSignedBy(assertion, ClientCertificate))) refusal = "client_assertion";
            if (refusal != null)
            {
                Refusals.Add(refusal);
                return new StubResponse(401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\",\"error_codes\":[7000215]}");
            }
            _issuedToken = Jwt(new Dictionary<string, object> { ["aud"] = "https://graph.microsoft.com", ["tid"] = TenantId, ["roles"] = Roles });
            return new StubResponse(200, $"{{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"{_issuedToken}\"}}");
        }

        private StubResponse OpenIdConfiguration(StubRequest request)
        {
            var host = "https://" + request.Header("Host");
            return new StubResponse(200, $"{{\"token_endpoint\":\"{host}/{TenantId}/oauth2/v2.0/token\",\"issuer\":\"{host}/{TenantId}/v2.0\"," +
                $"\"authorization_endpoint\":\"{host}/{TenantId}/oauth2/v2.0/authorize\"}}");
        }

        private StubResponse Graph(StubRequest request)
        {
            var path = request.Path.Substring("/v1.0".Length);
            if (Delta.Handle(path, request, detail => Error(detail.Split(':')[0], detail)) is StubResponse delta) return delta;
            if (path == "/organization") return Ok($"{{\"@odata.context\":\"ctx\",\"value\":[{{\"id\":\"{TenantId}\"}}]}}");
            if (path == "/groups" && request.Query.Contains("displayName eq 'VPN Users'"))
                return Ok($"{{\"value\":[{{\"id\":\"{GroupId}\",\"displayName\":\"VPN Users\"}}]}}");
            if (path == "/groups") return Ok("{\"value\":[]}");
            if (path == $"/groups/{GroupId}") return Ok($"{{\"id\":\"{GroupId}\"}}");
            if (path == $"/groups/{GroupId}/transitiveMembers") return Members(request);
            if (request.Method == "POST" && path.StartsWith("/users/", StringComparison.Ordinal) && path.EndsWith("/sendMail", StringComparison.Ordinal) && path.Split('/').Length == 4)
                return Mailboxes.SendMail(request, path.Split('/')[2]);
            if (path == $"/groups/{GroupId}/members/microsoft.graph.group") return Ok(Page(null, Group(NestedGroupId, "VPN Contractors")));
            if (path.StartsWith("/users/", StringComparison.Ordinal) && path.EndsWith("/authentication/phoneMethods", StringComparison.Ordinal))
                return PhoneMethods(path.Split('/')[2]);
            return new StubResponse(404, Error("Request_ResourceNotFound", $"Resource '{path}' does not exist."));
        }

        private StubResponse Members(StubRequest request)
        {
            var next = $"https://{request.Header("Host")}/v1.0/groups/{GroupId}/transitiveMembers?$skiptoken=";
            if (request.Query.Contains("$skiptoken=page2"))
            {
                if (_failedOnce.Add("page2")) return new StubResponse(429, Error("TooManyRequests", "Too many requests."), ("Retry-After", "1"));
                return Ok(Page(next + "page3", Group(NestedGroupId, "VPN Contractors"), User("u4", "dave@contoso.com", "Dave Dunn", null, "555-0100", true),
                    "{\"@odata.type\":\"#microsoft.graph.device\",\"id\":\"d1\",\"displayName\":\"LAPTOP-7\"}"));
            }
            if (request.Query.Contains("$skiptoken=page3"))
            {
                if (_failedOnce.Add("page3")) return new StubResponse(503, Error("serviceNotAvailable", "Service unavailable."), ("Retry-After", "1"));
                // Alice again, through the nested group: one member.
                return Ok(Page(null, User("u1", "alice@contoso.com", "Alice Archer", "alice@contoso.com", "+1 555 010 0101", true)));
            }
            return Ok(Page(next + "page2",
                User("u1", "alice@contoso.com", "Alice Archer", "alice@contoso.com", "+1 555 010 0101", true),
                User("u2", "bob@contoso.com", "Bob Baker", "bob@contoso.com", "+44 20 7946 0958", false),
                User("u3", "carol@contoso.com", "Carol Cruz", "carol@contoso.com", null, true, "carol", "carol@corp.contoso.com", "S-1-5-21-1004336348-1177238915-682003330-1103", "corp.contoso.com")));
        }

        private static StubResponse PhoneMethods(string userId)
        {
            switch (userId)
            {
                case "u1": return Ok("{\"value\":[{\"id\":\"3179e48a-750b-4051-897c-87b9720928f7\",\"phoneNumber\":\"+1 5550100199\",\"phoneType\":\"mobile\",\"smsSignInState\":\"notAllowedByPolicy\"}]}");
                case "u2": return Ok("{\"value\":[{\"id\":\"e37fc753-ff3b-4958-9484-eaa9425c82bc\",\"phoneNumber\":\"+44 20 7946 0000\",\"phoneType\":\"office\",\"smsSignInState\":\"notSupported\"}]}");
                case "u3": return Ok("{\"value\":[{\"id\":\"3179e48a-750b-4051-897c-87b9720928f7\",\"phoneNumber\":\"+49 151 23456789\",\"phoneType\":\"mobile\",\"smsSignInState\":\"ready\"}]}");
                default: return Ok("{\"value\":[]}");
            }
        }

        private static string Page(string? nextLink, params string[] values) =>
            "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#directoryObjects\"," + (nextLink == null ? "" : $"\"@odata.nextLink\":\"{nextLink}\",") +
            "\"value\":[" + string.Join(",", values) + "]}";

        private static string Group(string id, string name) => $"{{\"@odata.type\":\"#microsoft.graph.group\",\"id\":\"{id}\",\"displayName\":\"{name}\"}}";

        private static string User(string id, string upn, string name, string? mail, string? mobile, bool enabled, string? sam = null, string? onPremisesUpn = null, string? sid = null, string? domain = null) =>
            $"{{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"{id}\",\"userPrincipalName\":\"{upn}\",\"displayName\":\"{name}\",\"mail\":{Json(mail)},\"mobilePhone\":{Json(mobile)}," +
            $"\"accountEnabled\":{(enabled ? "true" : "false")},\"onPremisesSamAccountName\":{Json(sam)},\"onPremisesUserPrincipalName\":{Json(onPremisesUpn)},\"onPremisesSecurityIdentifier\":{Json(sid)},\"onPremisesDomainName\":{Json(domain)}}}";

        private static string Json(string? text) => text == null ? "null" : "\"" + text + "\"";

        private static StubResponse Ok(string body) => new StubResponse(200, body);

        private static string Error(string code, string message) => $"{{\"error\":{{\"code\":\"{code}\",\"message\":\"{message}\"}}}}";

        private static string Jwt(Dictionary<string, object> claims)
        {
            var payload = "{" + string.Join(",", claims.Select(c => $"\"{c.Key}\":" + (c.Value is string[] list ? "[" + string.Join(",", list.Select(v => $"\"{v}\"")) + "]" : $"\"{c.Value}\""))) + "}";
            return Base64Url(Encoding.UTF8.GetBytes("{\"typ\":\"JWT\",\"alg\":\"none\"}")) + "." + Base64Url(Encoding.UTF8.GetBytes(payload)) + ".";
        }

        /// <summary>The client assertion (RFC 7523) is a JWT whose signature the certificate's public key verifies, aimed at the token endpoint.</summary>
        private static bool AssertionSignedBy(string assertion, X509Certificate2 certificate)
        {
            var parts = assertion.Split('.');
            if (parts.Length != 3) return false;
            var header = Encoding.UTF8.GetString(FromBase64Url(parts[0]));
            var padding = header.Contains("\"PS256\"") ? RSASignaturePadding.Pss : header.Contains("\"RS256\"") ? RSASignaturePadding.Pkcs1 : null;
            if (padding == null) return false;
            using var key = certificate.GetRSAPublicKey()!;
            var payload = Encoding.UTF8.GetString(FromBase64Url(parts[1]));
            return key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromBase64Url(parts[2]), HashAlgorithmName.SHA256, padding)
                && payload.Contains($"\"sub\":\"{ClientId}\"") && payload.Contains("/oauth2/v2.0/token");
        }

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        private static byte[] FromBase64Url(string text)
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
        }
    }
}
