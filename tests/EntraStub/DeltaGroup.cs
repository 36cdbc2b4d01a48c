using System;
using System.Collections.Generic;
using System.Linq;

namespace RasMfa.EntraStub
{
    /// <summary>
    /// A group without nested groups ("Flat VPN") whose members and users the tests change between syncs, and Graph's delta
    /// queries over it as documented: /groups/delta?$filter=id eq '..'&amp;$select=members (members@delta, @removed for who
    /// left) and /users/delta (only what changed; @removed for a deleted user), one user a page, $deltatoken=latest, and
    /// 410 Gone with syncStateNotFound for a token older than <see cref="ExpiredBelow"/>. Tokens are change counts.
    /// </summary>
    public sealed class DeltaGroup
    {
        public const string GroupId = "9d2f4166-3f5d-4a71-8cbd-2e3f4a5b6c7d";
        public const string NestedGroupId = "ad3e5277-4f6e-4b82-9cde-3f4a5b6c7d8e";

        private readonly Dictionary<string, StubUser> _users = new Dictionary<string, StubUser>(StringComparer.Ordinal);
        private readonly HashSet<string> _members = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<(int Version, string Kind, string Id)> _changes = new List<(int, string, string)>();
        private bool _nested;

        public int Version => _changes.Count;

        /// <summary>Delta tokens below this are answered 410 Gone.</summary>
        public int ExpiredBelow { get; set; }

        /// <summary>When set, page 2 of every users delta is answered 503 (with Retry-After), again and again.</summary>
        public bool FailUsersDeltaPage2 { get; set; }

        public void Add(string id, string upn, string name, bool enabled = true, string? mobile = null)
        {
            _users[id] = new StubUser { Id = id, Upn = upn, Name = name, Enabled = enabled, Mobile = mobile };
            _members.Add(id);
            _changes.Add((Version + 1, "joined", id));
        }

        public void Change(string id, Action<StubUser> change)
        {
            change(_users[id]);
            _changes.Add((Version + 1, "changed", id));
        }

        public void Leave(string id)
        {
            _members.Remove(id);
            _changes.Add((Version + 1, "left", id));
        }

        public void Delete(string id)
        {
            _users.Remove(id);
            _members.Remove(id);
            _changes.Add((Version + 1, "deleted", id));
        }

        public void AddNestedGroup()
        {
            _nested = true;
            _changes.Add((Version + 1, "group", NestedGroupId));
        }

        public StubResponse? Handle(string path, StubRequest request, Func<string, string> error)
        {
            var root = $"https://{request.Header("Host")}/v1.0";
            if (path == $"/groups/{GroupId}") return Ok($"{{\"id\":\"{GroupId}\"}}");
            if (path == $"/groups/{GroupId}/members/microsoft.graph.group")
                return Ok("{\"value\":[" + (_nested ? $"{{\"id\":\"{NestedGroupId}\"}}" : "") + "]}");
            if (path == $"/groups/{GroupId}/transitiveMembers")
                return Ok("{\"value\":[" + string.Join(",", _members.Select(id => _users[id].Json(full: true))) + "]}");
            // The first round names the group and what to track; Graph's delta links carry that in their opaque token.
            if (path == "/groups/delta" && request.Query.Contains("$deltatoken=latest") && !(request.Query.Contains("$filter=id eq '") && request.Query.Contains("$select=members")))
                return new StubResponse(400, error("Request_BadRequest: the stub tracks a group's members, by its id"));
            if (path == "/groups/delta") return Token(request, out var since, error) ?? Ok(MembersDelta(since, root));
            if (path == "/users/delta") return Token(request, out var from, error) ?? UsersDelta(from, root, request, error);
            if (path.StartsWith("/users/", StringComparison.Ordinal) && path.Split('/').Length == 3 && !path.EndsWith("/delta", StringComparison.Ordinal))
                return _users.TryGetValue(path.Split('/')[2], out var user) ? Ok(user.Json(full: true)) : null;
            return null;
        }

        // Null when the token is good (since: the change count it stands for), else the answer.
        private StubResponse? Token(StubRequest request, out int since, Func<string, string> error)
        {
            since = Version;
            var query = request.Query;
            var at = query.IndexOf("$deltatoken=", StringComparison.Ordinal);
            if (at < 0) return new StubResponse(400, error("Request_BadRequest: the stub serves delta rounds from $deltatoken=latest on"));
            var token = query.Substring(at + "$deltatoken=".Length).Split('&')[0];
            if (token == "latest") return null;
            if (!int.TryParse(token, out since) || since < ExpiredBelow)
                return new StubResponse(410, error("syncStateNotFound: the delta token has expired; start again from a full synchronization"));
            return null;
        }

        private string MembersDelta(int since, string root)
        {
            var members = _changes.Where(c => c.Version > since && (c.Kind == "joined" || c.Kind == "left" || c.Kind == "group")).Select(c =>
                c.Kind == "group" ? $"{{\"@odata.type\":\"#microsoft.graph.group\",\"id\":\"{c.Id}\"}}"
                : $"{{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"{c.Id}\"" + (c.Kind == "left" ? ",\"@removed\":{\"reason\":\"deleted\"}" : "") + "}").ToList();
            var value = members.Count == 0 ? "" : $"{{\"id\":\"{GroupId}\",\"members@delta\":[{string.Join(",", members)}]}}";
            return $"{{\"value\":[{value}],\"@odata.deltaLink\":\"{root}/groups/delta?$deltatoken={Version}\"}}";
        }

        private StubResponse UsersDelta(int since, string root, StubRequest request, Func<string, string> error)
        {
            var changed = _changes.Where(c => c.Version > since && (c.Kind == "changed" || c.Kind == "deleted" || c.Kind == "joined"))
                .GroupBy(c => c.Id).Select(g => g.Last()).ToList();
            var query = request.Query;
            var at = query.IndexOf("$skiptoken=", StringComparison.Ordinal);
            int page = at < 0 ? 0 : int.Parse(query.Substring(at + "$skiptoken=".Length).Split('&')[0]);
            if (page == 1 && FailUsersDeltaPage2) return new StubResponse(503, error("serviceNotAvailable"), ("Retry-After", "1"));
            if (page >= changed.Count)
                return Ok($"{{\"value\":[],\"@odata.deltaLink\":\"{root}/users/delta?$deltatoken={Version}\"}}");
            var change = changed[page];
            var item = change.Kind == "deleted" || !_users.ContainsKey(change.Id)
                ? $"{{\"id\":\"{change.Id}\",\"@removed\":{{\"reason\":\"deleted\"}}}}"
                : _users[change.Id].Json(full: false);
            return Ok($"{{\"value\":[{item}],\"@odata.nextLink\":\"{root}/users/delta?$deltatoken={since}&$skiptoken={page + 1}\"}}");
        }

        private static StubResponse Ok(string body) => new StubResponse(200, body);
    }

    public sealed class StubUser
    {
        public string Id { get; set; } = "";
        public string Upn { get; set; } = "";
        public string Name { get; set; } = "";
        public bool Enabled { get; set; } = true;
        public string? Mobile { get; set; }

        // A delta round carries only what changed: here the id and the display name and accountEnabled, not the UPN.
        public string Json(bool full) => full
            ? $"{{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"{Id}\",\"userPrincipalName\":\"{Upn}\",\"displayName\":\"{Name}\",\"mail\":\"{Upn}\"," +
              $"\"mobilePhone\":{(Mobile == null ? "null" : "\"" + Mobile + "\"")},\"accountEnabled\":{(Enabled ? "true" : "false")}}}"
            : $"{{\"id\":\"{Id}\",\"displayName\":\"{Name}\",\"accountEnabled\":{(Enabled ? "true" : "false")}}}";
    }
}
