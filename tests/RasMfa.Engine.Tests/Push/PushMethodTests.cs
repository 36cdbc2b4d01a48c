#if NET
using System;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Push;
using Xunit;

namespace RasMfa.Engine.Tests.Push
{
    /// <summary>The push method's rounds without a browser: what round one sends and says, and how a held round ends.</summary>
    public sealed class PushMethodTests
    {
        private static readonly CodeResponse Ok = CodeResponse.FromClear(new byte[0]);

        [Fact]
        public async Task Round_one_sends_one_link_without_the_number_and_the_prompt_shows_the_number()
        {
            using var world = await PushTestWorld.StartAsync();

            var (prompt, approvalId, link) = await world.BeginAsync();

            var approval = world.TestStore.Store.PushApprovals.Get(approvalId)!;
            var (body, headers) = Assert.Single(world.Hook.Received);
            Assert.Equal("Bearer " + PushTestWorld.Secret, headers["Authorization"]);
            Assert.StartsWith(world.PageUrl + "/approve/", link);
            Assert.Equal("{\"title\":\"Sign-in for alice\",\"click\":\"" + link + "\"}", body);
            Assert.Equal($"Open the link sent to your phone and pick {approval.Number}, then press OK.", prompt);
            Assert.Equal("192.0.2.10", approval.SourceAddress);
        }

        [Fact]
        public async Task No_decision_within_the_push_timeout_rejects_and_expires_the_approval()
        {
            using var world = await PushTestWorld.StartAsync();
            var (_, approvalId, link) = await world.BeginAsync();
            var clock = DateTime.UtcNow;
            world.Method.Clock = () => clock = clock.AddSeconds(1);
            world.Method.PollInterval = TimeSpan.FromMilliseconds(1);

            var answer = await world.Method.AnswerAsync(Ok, world.Request(approvalId), CancellationToken.None);

            Assert.Null(answer.Match);
            Assert.Contains("timed out", answer.Failure);
            // RAS was told Reject: the approval is decided Expired, so the link is dead (the page's answer to a used link).
            Assert.Equal(PushDecision.Expired, world.TestStore.Store.PushApprovals.Get(approvalId)!.Decision);
            Assert.Null(new PushApprovalService(world.TestStore.Store.PushApprovals).Open(link.Substring(link.LastIndexOf('/') + 1), DateTime.UtcNow));
            Assert.Equal(0, world.Held.Total);
        }

        [Fact]
        public async Task A_clients_push_timeout_ends_the_held_round_before_the_servers_would()
        {
            using var world = await PushTestWorld.StartAsync();
            world.Settings.PushTimeoutSeconds = 55;
            var (_, approvalId, _) = await world.BeginAsync();
            var start = DateTime.UtcNow;
            var clock = start;
            world.Method.Clock = () => clock = clock.AddSeconds(1);
            world.Method.PollInterval = TimeSpan.FromMilliseconds(1);
            var request = world.Request(approvalId);
            request.PushTimeoutSeconds = 5;

            Assert.Null(await world.Method.VerifyAsync(Ok, request, CancellationToken.None));

            // Read each second by the clock: given up 5 s after the read that set the deadline (the client's timeout), not 55 s (the server's).
            Assert.Equal(start.AddSeconds(6), clock);
        }

        [Fact]
        public async Task A_round_without_its_challenge_or_for_another_user_never_matches()
        {
            using var world = await PushTestWorld.StartAsync();
            var (_, approvalId, link) = await world.BeginAsync();
            new PushApprovalService(world.TestStore.Store.PushApprovals).Decide(link.Substring(link.LastIndexOf('/') + 1), world.TestStore.Store.PushApprovals.Get(approvalId)!.Number, DateTime.UtcNow);

            Assert.Null(await world.Method.VerifyAsync(Ok, world.Request(null), CancellationToken.None));
            var other = new RasMfa.Engine.Mfa.Methods.MethodRequest(new RasMfa.Engine.Users.MfaUser("mallory"), "ras1", world.Settings, DateTime.UtcNow, approvalId);
            Assert.Null(await world.Method.VerifyAsync(Ok, other, CancellationToken.None));
            Assert.NotNull(await world.Method.VerifyAsync(Ok, world.Request(approvalId), CancellationToken.None));
        }

        [Fact]
        public async Task Past_the_cap_of_held_rounds_a_client_is_rejected_at_once_and_others_still_held()
        {
            using var world = await PushTestWorld.StartAsync();
            world.Settings.MaxHeldPushRequestsPerClient = 1;
            var (_, first, _) = await world.BeginAsync();
            var (_, second, _) = await world.BeginAsync();
            using var cancel = new CancellationTokenSource();
            var holding = world.Method.VerifyAsync(Ok, world.Request(first), cancel.Token);
            Assert.Equal(1, world.Held.Total);

            Assert.Null(await world.Method.VerifyAsync(Ok, world.Request(second), CancellationToken.None));

            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => holding);
            Assert.Equal(0, world.Held.Total);
        }

        [Fact]
        public async Task Past_the_pending_approvals_a_user_may_have_no_further_notification_is_sent()
        {
            using var world = await PushTestWorld.StartAsync();
            world.Settings.MaxPendingPushApprovalsPerUser = 2;
            await world.BeginAsync();
            var (_, _, link) = await world.BeginAsync();

            var third = (await world.Method.BeginAsync(world.Request(), CancellationToken.None))!;

            Assert.Equal(2, world.Hook.Received.Count);
            Assert.Null(third.Data);
            Assert.Contains("already waiting", third.Prompt);
            new PushApprovalService(world.TestStore.Store.PushApprovals).Decide(link.Substring(link.LastIndexOf('/') + 1), null, DateTime.UtcNow);
            Assert.NotNull((await world.Method.BeginAsync(world.Request(), CancellationToken.None))!.Data);
            Assert.Equal(3, world.Hook.Received.Count);
        }

        [Fact]
        public async Task A_failed_notification_says_so_in_the_prompt_and_opens_no_approval()
        {
            using var world = await PushTestWorld.StartAsync();
            world.Hook.Status = 500;

            var start = (await world.Method.BeginAsync(world.Request(), CancellationToken.None))!;

            Assert.Contains("could not be sent", start.Prompt);
            Assert.Null(start.Data);
        }
    }
}
#endif
