using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using RasMfa.Engine.Entra;

namespace RasMfa.Entra
{
    /// <summary>
    /// Delta queries as Graph documents them (/groups/delta with members, /users/delta), sent through Graph's own pipeline
    /// (its retry handler: 429 with Retry-After, 503, 504) and read as JSON: the SDK models members@delta only as untyped data.
    /// Every link followed (nextLink, deltaLink, the stored one) must be on the Graph root's host over HTTPS, so that
    /// neither a stored link nor an answer can send the bearer token elsewhere.
    /// </summary>
    internal sealed partial class GraphEntraDirectory
    {
        public bool HasNestedGroups(string groupId) => Call(async () =>
        {
            using var page = await Get(Url($"groups/{Uri.EscapeDataString(groupId)}/members/microsoft.graph.group?$select=id&$top=1")).ConfigureAwait(false);
            return page.RootElement.TryGetProperty("value", out var value) && value.GetArrayLength() > 0;
        });

        public string LatestMembersDeltaLink(string groupId) =>
            LatestLink(Url($"groups/delta?$filter={Uri.EscapeDataString($"id eq '{groupId}'")}&$select=members&$deltatoken=latest"));

        public string LatestUsersDeltaLink() => LatestLink(Url($"users/delta?$select={string.Join(",", UserProperties)}&$deltatoken=latest"));

        public EntraMembershipChanges MembersDelta(string deltaLink) => Call(async () =>
        {
            var changes = new EntraMembershipChanges();
            changes.DeltaLink = await ReadPages(deltaLink, item =>
            {
                if (!item.TryGetProperty("members@delta", out var members)) return;
                foreach (var member in members.EnumerateArray())
                {
                    var id = Text(member, "id");
                    if (id == null) continue;
                    var type = Text(member, "@odata.type") ?? "";
                    if (type.EndsWith(".group", StringComparison.OrdinalIgnoreCase)) changes.GroupsChanged = true;
                    else if (!type.EndsWith(".user", StringComparison.OrdinalIgnoreCase)) continue; // devices, contacts
                    else if (member.TryGetProperty("@removed", out _)) changes.RemovedUsers.Add(id);
                    else changes.AddedUsers.Add(id);
                }
            }).ConfigureAwait(false);
            return changes;
        });

        public EntraUserChanges UsersDelta(string deltaLink) => Call(async () =>
        {
            var changes = new EntraUserChanges();
            changes.DeltaLink = await ReadPages(deltaLink, item =>
            {
                var id = Text(item, "id");
                if (id == null) return;
                if (item.TryGetProperty("@removed", out _)) changes.Removed.Add(id);
                else changes.Changed.Add(UserFrom(item));
            }).ConfigureAwait(false);
            return changes;
        });

        public EntraUser? ReadUser(string userId) => Call(async () =>
        {
            try
            {
                using var user = await Get(Url($"users/{Uri.EscapeDataString(userId)}?$select={string.Join(",", UserProperties)}")).ConfigureAwait(false);
                return UserFrom(user.RootElement);
            }
            catch (Engine.Entra.EntraGraphException e) when (e.Status == 404)
            {
                return null;
            }
        });

        private string LatestLink(string url) => Call(async () =>
        {
            var link = await ReadPages(url, _ => { }).ConfigureAwait(false);
            return link;
        });

        // Follows nextLink to the last page, which carries the deltaLink.
        private async Task<string> ReadPages(string url, Action<JsonElement> item)
        {
            var next = url;
            for (int pages = 0; pages < 100000; pages++)
            {
                using var page = await Get(next).ConfigureAwait(false);
                if (page.RootElement.TryGetProperty("value", out var value))
                    foreach (var element in value.EnumerateArray()) item(element);
                var nextLink = Text(page.RootElement, "@odata.nextLink");
                if (nextLink != null)
                {
                    next = nextLink;
                    continue;
                }
                return Text(page.RootElement, "@odata.deltaLink") ?? throw new EntraGraphException("Graph's last delta page carried no deltaLink.");
            }
            throw new EntraGraphException("Graph's delta answer did not end.");
        }

        private async Task<JsonDocument> Get(string url)
        {
            var target = OnGraph(url);
            var token = await _credential.GetTokenAsync(new TokenRequestContext(new[] { _scope }), CancellationToken.None).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            using var response = await _httpClient.SendAsync(request).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                string? code = null, message = null;
                try
                {
                    using var error = JsonDocument.Parse(body);
                    if (error.RootElement.TryGetProperty("error", out var detail)) { code = Text(detail, "code"); message = Text(detail, "message"); }
                }
                catch (JsonException) { }
                throw new EntraGraphException($"Graph answered {(int)response.StatusCode}: {code} {message}".TrimEnd(), (int)response.StatusCode);
            }
            return JsonDocument.Parse(body);
        }

        private string Url(string relative) => _client.RequestAdapter.BaseUrl!.TrimEnd('/') + "/" + relative;

        // Every link followed (delta, next, stored) goes through this one check, for the SDK's paging as for the delta reads.
        private Uri OnGraph(string url) => GraphHostGuard.OnGraph(url, new Uri(_client.RequestAdapter.BaseUrl!));

        private static EntraUser UserFrom(JsonElement item) => new EntraUser
        {
            Id = Text(item, "id") ?? "",
            UserPrincipalName = Text(item, "userPrincipalName"),
            DisplayName = Text(item, "displayName"),
            Mail = Text(item, "mail"),
            MobilePhone = Text(item, "mobilePhone"),
            AccountEnabled = item.TryGetProperty("accountEnabled", out var enabled) && (enabled.ValueKind == JsonValueKind.True || enabled.ValueKind == JsonValueKind.False) ? enabled.GetBoolean() : (bool?)null,
            OnPremisesSamAccountName = Text(item, "onPremisesSamAccountName"),
            OnPremisesUserPrincipalName = Text(item, "onPremisesUserPrincipalName"),
            OnPremisesSecurityIdentifier = Text(item, "onPremisesSecurityIdentifier"),
            OnPremisesDomainName = Text(item, "onPremisesDomainName"),
        };

        private static string? Text(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
