using System;
using System.Linq;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Entra;
using RasMfa.EntraStub;
using Xunit;

namespace RasMfa.Engine.Tests.Entra
{
    /// <summary>Sync-RasMfaUser -EntraTenant's engine path: a full read first, Graph's delta queries after, against the loopback stubs (issue 15).</summary>
    public sealed class EntraSyncTests : IDisposable
    {
        private readonly EntraGraphWorld _world = new EntraGraphWorld();
        private DeltaGroup Group => _world.Scenario.Delta;

        public EntraSyncTests()
        {
            Group.Add("u10", "ann@contoso.com", "Ann Abbot", mobile: "+1 555 010 0110");
            Group.Add("u11", "ben@contoso.com", "Ben Berg");
            Group.Add("u12", "cat@contoso.com", "Cat Cole");
            _world.AddTenant();
            _world.Import.Import("contoso", DeltaGroup.GroupId, EntraUserNameAttribute.UserPrincipalName, _world.Admin);
        }

        public void Dispose() => _world.Dispose();

        private int RequestsSoFar => _world.Server.Requests.Count;

        private System.Collections.Generic.List<StubRequest> GraphRequestsSince(int start) =>
            _world.Server.Requests.Skip(start).Where(r => r.Path.StartsWith("/v1.0/", StringComparison.Ordinal)).ToList();

        [Fact]
        public void The_first_sync_reads_in_full_and_the_next_applies_the_delta_user_by_user()
        {
            var first = _world.Sync.Sync("contoso", removeMissing: false, force: false, _world.Admin)!;
            Assert.Equal((0, 0, 3, 0), (first.Created, first.Updated, first.Unchanged, first.Disabled));

            Group.Add("u13", "dan@contoso.com", "Dan Dunn", mobile: "+44 20 7946 0123");
            Group.Change("u11", u => u.Name = "Ben Brown");
            Group.Change("u12", u => u.Enabled = false);
            Group.Leave("u10");
            int start = RequestsSoFar;
            var second = _world.Sync.Sync("contoso", removeMissing: false, force: false, _world.Admin)!;

            Assert.Equal((1, 2, 1), (second.Created, second.Updated, second.Disabled));
            var users = _world.Store.Users;
            Assert.Equal(("Dan Dunn", "+442079460123", true, "contoso"), (users.Get("dan@contoso.com")!.DisplayName, users.Get("dan@contoso.com")!.PhoneNumber, users.Get("dan@contoso.com")!.Enabled, users.Get("dan@contoso.com")!.SourceDirectory));
            Assert.Equal(("Ben Brown", true), (users.Get("ben@contoso.com")!.DisplayName, users.Get("ben@contoso.com")!.Enabled));
            Assert.False(users.Get("cat@contoso.com")!.Enabled); // accountEnabled false in Entra
            Assert.False(users.Get("ann@contoso.com")!.Enabled); // left the group
            Assert.Equal("+15550100110", users.Get("ann@contoso.com")!.PhoneNumber);

            // The stub saw delta rounds from the stored links, not a full read; only joined and changed users were read whole.
            var graph = GraphRequestsSince(start);
            Assert.DoesNotContain(graph, r => r.Path.EndsWith("/transitiveMembers", StringComparison.Ordinal));
            Assert.DoesNotContain(graph, r => r.Query.Contains("$deltatoken=latest"));
            Assert.Single(graph, r => r.Path == "/v1.0/groups/delta");
            var firstRound = _world.Server.Requests.First(r => r.Path == "/v1.0/groups/delta");
            Assert.Contains($"$filter=id eq '{DeltaGroup.GroupId}'", firstRound.Query);
            Assert.Contains("$select=members", firstRound.Query);
            Assert.Contains(graph, r => r.Path == "/v1.0/users/delta" && r.Query.Contains("$deltatoken=3"));
            Assert.Contains("$select=id,userPrincipalName,displayName", _world.Server.Requests.First(r => r.Path == "/v1.0/users/delta").Query);
            Assert.Equal(new[] { "u11", "u12", "u13" }, graph.Where(r => r.Path.StartsWith("/v1.0/users/u", StringComparison.Ordinal) && r.Path.Split('/').Length == 4)
                .Select(r => r.Path.Split('/')[3]).OrderBy(u => u));
            Assert.All(graph, r => Assert.StartsWith("Bearer ", r.Header("Authorization")));
        }

        [Fact]
        public void A_user_deleted_in_Entra_is_disabled_or_with_RemoveMissing_removed()
        {
            _world.Sync.Sync("contoso", false, false, _world.Admin);
            Group.Delete("u11");
            var disabled = _world.Sync.Sync("contoso", false, false, _world.Admin)!;
            Assert.Equal(1, disabled.Disabled);
            Assert.False(_world.Store.Users.Get("ben@contoso.com")!.Enabled);

            var removed = _world.Sync.Sync("contoso", removeMissing: true, force: false, _world.Admin)!;
            Assert.Equal(1, removed.Removed);
            Assert.Null(_world.Store.Users.Get("ben@contoso.com"));
            Assert.True(_world.Store.Users.Get("ann@contoso.com")!.Enabled);
        }

        [Fact]
        public void More_users_gone_than_the_threshold_are_held_back_until_forced_as_in_the_AD_sync()
        {
            for (int i = 0; i < 5; i++) Group.Add($"x{i}", $"x{i}@contoso.com", $"X {i}");
            _world.Sync.Sync("contoso", false, false, _world.Admin);
            foreach (var id in new[] { "u10", "u11", "x0", "x1", "x2", "x3" }) Group.Leave(id);

            var held = _world.Sync.Sync("contoso", false, false, _world.Admin)!;
            Assert.True(held.HeldBack);
            Assert.Equal(6, held.Missing.Count);
            Assert.Equal(0, held.Disabled);
            Assert.True(_world.Store.Users.Get("ann@contoso.com")!.Enabled);
            Assert.Contains(_world.Admin.Warnings, w => w.Contains("-Force"));

            // The delta links moved on, yet the next sync still finds the same users gone, and -Force disables them.
            Assert.True(_world.Sync.Sync("contoso", false, false, _world.Admin)!.HeldBack);
            var forced = _world.Sync.Sync("contoso", false, force: true, _world.Admin)!;
            Assert.Equal(6, forced.Disabled);
            Assert.False(_world.Store.Users.Get("x3@contoso.com")!.Enabled);
            Assert.True(_world.Store.Users.Get("x4@contoso.com")!.Enabled);
        }

        [Fact]
        public void A_5xx_on_page_two_after_the_retries_changes_nothing_and_the_next_sync_resumes_from_the_same_links()
        {
            _world.Sync.Sync("contoso", false, false, _world.Admin);
            var stateBefore = _world.Store.EntraTenants.Get("contoso")!.SyncState;
            Group.Change("u11", u => u.Name = "Ben Brown");
            Group.Change("u12", u => u.Name = "Cat Carter");
            Group.Leave("u10");
            Group.FailUsersDeltaPage2 = true;

            var error = Assert.Throws<EngineException>(() => _world.Sync.Sync("contoso", false, false, _world.Admin));
            Assert.Equal("EntraTenantUnreadable", error.ErrorId);
            Assert.Contains("503", error.Message);
            Assert.Equal("Ben Berg", _world.Store.Users.Get("ben@contoso.com")!.DisplayName);
            Assert.True(_world.Store.Users.Get("ann@contoso.com")!.Enabled);
            Assert.Equal(stateBefore, _world.Store.EntraTenants.Get("contoso")!.SyncState);
            Assert.True(_world.Server.Requests.Count(r => r.Query.Contains("$skiptoken=1")) > 1); // page 2 was tried again

            Group.FailUsersDeltaPage2 = false;
            var resumed = _world.Sync.Sync("contoso", false, false, _world.Admin)!;
            Assert.Equal((2, 1), (resumed.Updated, resumed.Disabled));
            Assert.Equal("Cat Carter", _world.Store.Users.Get("cat@contoso.com")!.DisplayName);
            Assert.False(_world.Store.Users.Get("ann@contoso.com")!.Enabled);
        }

        [Fact]
        public void An_expired_delta_token_410_Gone_means_a_full_read_again()
        {
            _world.Sync.Sync("contoso", false, false, _world.Admin);
            Group.Leave("u12");
            Group.ExpiredBelow = int.MaxValue;
            int start = RequestsSoFar;

            var result = _world.Sync.Sync("contoso", false, false, _world.Admin)!;

            Assert.Equal(1, result.Disabled);
            Assert.False(_world.Store.Users.Get("cat@contoso.com")!.Enabled);
            var graph = GraphRequestsSince(start);
            Assert.Contains(graph, r => r.Path == $"/v1.0/groups/{DeltaGroup.GroupId}/transitiveMembers");
            Assert.Contains(graph, r => r.Path == "/v1.0/groups/delta" && r.Query.Contains("$deltatoken=latest"));
        }

        [Fact]
        public void A_group_that_gains_a_nested_group_is_read_in_full_from_then_on()
        {
            _world.Sync.Sync("contoso", false, false, _world.Admin);
            Group.AddNestedGroup();
            _world.Sync.Sync("contoso", false, false, _world.Admin);
            int start = RequestsSoFar;

            _world.Sync.Sync("contoso", false, false, _world.Admin);

            var graph = GraphRequestsSince(start);
            Assert.Contains(graph, r => r.Path == $"/v1.0/groups/{DeltaGroup.GroupId}/transitiveMembers");
            Assert.DoesNotContain(graph, r => r.Path == "/v1.0/groups/delta" && !r.Query.Contains("$deltatoken=latest"));
            Assert.Equal(3, _world.Store.Users.List().Count(u => u.Enabled));
        }

        [Fact]
        public void A_stored_delta_link_off_Graph_is_not_followed_with_the_token()
        {
            _world.Sync.Sync("contoso", false, false, _world.Admin);
            var tenant = _world.Store.EntraTenants.Get("contoso")!;
            var state = EntraSyncState.Parse(tenant.SyncState);
            state.Scopes.Values.Single().UsersDeltaLink = "https://attacker.example/v1.0/users/delta?$deltatoken=1";
            tenant.SyncState = state.ToJson();
            _world.Store.EntraTenants.Update("contoso", tenant);

            var error = Assert.Throws<EngineException>(() => _world.Sync.Sync("contoso", false, false, _world.Admin));
            Assert.Contains("not on Graph", error.Message);
        }
    }
}
