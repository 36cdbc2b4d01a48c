#if NET
using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Push;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Mfa.OutOfBand;
using RasMfa.Engine.Tests.Push;
using RasMfa.Engine.Tests.Storage;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>Review R7: attacks on push approval that got through (each fails until its defect is mended).</summary>
    public sealed class ReviewR7PushTests
    {
        private static readonly CodeResponse Ok = CodeResponse.FromClear(new byte[0]);

        private static string TokenOf(string link) => link.Substring(link.LastIndexOf('/') + 1);

        [Fact]
        public async Task A_push_rejected_because_nobody_answered_in_time_cannot_then_be_approved_on_the_page()
        {
            // RAS was told Reject when the hold ran out; a user who opens the link afterwards must not read "Approved".
            using var world = await PushTestWorld.StartAsync();
            var (_, approvalId, link) = await world.BeginAsync();
            var clock = DateTime.UtcNow;
            world.Method.Clock = () => clock = clock.AddSeconds(1);
            world.Method.PollInterval = TimeSpan.FromMilliseconds(1);
            Assert.Null(await world.Method.VerifyAsync(Ok, world.Request(approvalId), CancellationToken.None));

            var number = world.TestStore.Store.PushApprovals.Get(approvalId)!.Number;
            var decided = new PushApprovalService(world.TestStore.Store.PushApprovals).Decide(TokenOf(link), number, DateTime.UtcNow);

            Assert.NotEqual(PushDecision.Approved, decided);
        }

        [Fact]
        public async Task A_push_rejected_because_nobody_answered_in_time_does_not_block_the_users_next_push()
        {
            // After the Reject nothing waits on the phone any more, so "already waiting" is untrue and locks the user out of push.
            using var world = await PushTestWorld.StartAsync();
            world.Settings.MaxPendingPushApprovalsPerUser = 1;
            var (_, approvalId, _) = await world.BeginAsync();
            var clock = DateTime.UtcNow;
            world.Method.Clock = () => clock = clock.AddSeconds(1);
            world.Method.PollInterval = TimeSpan.FromMilliseconds(1);
            Assert.Null(await world.Method.VerifyAsync(Ok, world.Request(approvalId), CancellationToken.None));

            var retry = (await world.Method.BeginAsync(world.Request(), CancellationToken.None))!;

            Assert.DoesNotContain("already waiting", retry.Prompt);
            Assert.NotNull(retry.Data);
            Assert.Equal(2, world.Hook.Received.Count);
        }

        [Fact]
        public async Task First_rounds_arriving_together_send_no_more_pushes_than_MaxPendingPushApprovalsPerUser()
        {
            // Push bombing: the count and the insert are separate steps, so first rounds that count together all pass the cap.
            using var store = TestStore.Open(StoreKind.Sqlite);
            var racing = new CountTogetherStore(store.Store.PushApprovals, parties: 3);
            var channels = new RecordingChannels(DeliveryKind.Push);
            var page = new ApprovalPageDefinition("127.0.0.1", 9443, "https://mfa.example/", null, null);
            var settings = new MfaSettings { MaxPendingPushApprovalsPerUser = 1 };
            var method = new PushMethod(new PushApprovalService(racing), channels, store.Store.SendLimits, new HeldRequests(), () => page, () => settings, NullLogger.Instance);
            var user = new MfaUser("alice");

            var starts = new Task<ChallengeStart?>[3];
            for (int i = 0; i < starts.Length; i++)
                starts[i] = Task.Run(() => method.BeginAsync(new MethodRequest(user, "ras1", settings, DateTime.UtcNow), CancellationToken.None));
            await Task.WhenAll(starts);

            Assert.Single(channels[DeliveryKind.Push].Sent);
        }

        [Fact]
        public async Task Push_by_SMS_texts_the_users_number_in_E164_form_and_never_a_number_that_is_not_one()
        {
            // Sent codes go to PhoneNumbers.ToE164(...); push by SMS takes the directory's text as it is.
            using var store = TestStore.Open(StoreKind.Sqlite);
            var channels = new RecordingChannels(DeliveryKind.Sms);
            var page = new ApprovalPageDefinition("127.0.0.1", 9443, "https://mfa.example/", null, null);
            var settings = new MfaSettings { PushNotifyBy = PushNotifyBy.Sms };
            var method = new PushMethod(new PushApprovalService(store.Store.PushApprovals), channels, store.Store.SendLimits, new HeldRequests(), () => page, () => settings, NullLogger.Instance);

            await method.BeginAsync(new MethodRequest(new MfaUser("alice") { PhoneNumber = "+1 (555) 010-0101" }, "ras1", settings, DateTime.UtcNow), CancellationToken.None);
            await method.BeginAsync(new MethodRequest(new MfaUser("bob") { PhoneNumber = "0101 ext 7\nfrom=+15550100199" }, "ras1", settings, DateTime.UtcNow), CancellationToken.None);

            var sent = Assert.Single(channels[DeliveryKind.Sms].Sent);
            Assert.Equal("+15550100101", sent.Recipient);
        }

        [Fact]
        public async Task Push_by_SMS_counts_against_the_SMS_send_limit_per_user()
        {
            // SendLimitPerUser caps texts (cost, bombing) for sent codes; push by SMS texts past it, only MaxPending slows it.
            using var store = TestStore.Open(StoreKind.Sqlite);
            var channels = new RecordingChannels(DeliveryKind.Sms);
            var page = new ApprovalPageDefinition("127.0.0.1", 9443, "https://mfa.example/", null, null);
            var approvals = new PushApprovalService(store.Store.PushApprovals);
            var settings = new MfaSettings { PushNotifyBy = PushNotifyBy.Sms, SendLimitPerUser = 1, MaxPendingPushApprovalsPerUser = 10 };
            var method = new PushMethod(approvals, channels, store.Store.SendLimits, new HeldRequests(), () => page, () => settings, NullLogger.Instance);
            var user = new MfaUser("alice") { PhoneNumber = "+15550100101" };

            for (int i = 0; i < 4; i++)
                await method.BeginAsync(new MethodRequest(user, "ras1", settings, DateTime.UtcNow), CancellationToken.None);

            Assert.True(channels[DeliveryKind.Sms].Sent.Count <= settings.SendLimitPerUser,
                $"{channels[DeliveryKind.Sms].Sent.Count} texts sent to one user with SendLimitPerUser = {settings.SendLimitPerUser}");
        }

        [Fact]
        public async Task An_oversized_post_to_a_link_is_answered_as_a_bad_request_not_as_the_server_failing()
        {
            // Anyone on the internet can post 5 kB to the page: that is the sender's fault (4xx), not "The sign-in could not be
            // decided just now" (503) with a page-fault warning in the admin's log, as when the store is down.
            using var world = await PushTestWorld.StartAsync();
            var (_, _, link) = await world.BeginAsync();
            using var client = new System.Net.Http.HttpClient(new System.Net.Http.HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { Timeout = TimeSpan.FromSeconds(10) };

            using var response = await client.PostAsync(link, new System.Net.Http.StringContent("deny=1&pad=" + new string('x', 5000), System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));

            Assert.InRange((int)response.StatusCode, 400, 499);
        }

        [Fact]
        public async Task Idle_connections_from_one_source_do_not_keep_users_off_the_approval_page()
        {
            // The per-source limit counts requests; connections are capped only overall (1,000). One address that opens them
            // and says nothing (each lasts the TLS handshake timeout, then is opened again) takes every place.
            using var world = await PushTestWorld.StartAsync();
            var (_, _, link) = await world.BeginAsync();
            var idle = new System.Collections.Generic.List<System.Net.Sockets.TcpClient>();
            try
            {
                for (int i = 0; i < 1100; i++)
                {
                    // From 127.0.0.2: another source than the user's (127.0.0.1), as a per-source cap would tell them apart.
                    var socket = new System.Net.Sockets.TcpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.2"), 0));
                    await socket.ConnectAsync(System.Net.IPAddress.Loopback, world.Page.Port);
                    idle.Add(socket);
                }
                using var client = new System.Net.Http.HttpClient(new System.Net.Http.HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { Timeout = TimeSpan.FromSeconds(10) };

                var status = await client.GetAsync(link).ContinueWith(t => t.IsFaulted ? "no answer: " + t.Exception!.GetBaseException().Message : ((int)t.Result.StatusCode).ToString());

                Assert.Equal("200", status);
            }
            finally
            {
                foreach (var socket in idle) socket.Dispose();
            }
        }

        /// <summary>
        /// A store whose CountPending (and, since the count and the insert are one step, TryAdd) waits until <c>parties</c>
        /// callers have arrived: first rounds arriving together, deterministically.
        /// </summary>
        private sealed class CountTogetherStore : IPushApprovalStore
        {
            private readonly IPushApprovalStore _inner;
            private readonly Barrier _together;

            public CountTogetherStore(IPushApprovalStore inner, int parties)
            {
                _inner = inner;
                _together = new Barrier(parties);
            }

            public int CountPending(string userName, DateTime nowUtc)
            {
                int count = _inner.CountPending(userName, nowUtc);
                _together.SignalAndWait(TimeSpan.FromSeconds(10));
                return count;
            }

            public void Add(PushApproval approval) => _inner.Add(approval);

            public bool TryAdd(PushApproval approval, int maxPendingPerUser)
            {
                _together.SignalAndWait(TimeSpan.FromSeconds(10));
                return _inner.TryAdd(approval, maxPendingPerUser);
            }

            public PushApproval? FindByToken(byte[] tokenHash) => _inner.FindByToken(tokenHash);

            public PushApproval? Get(string id) => _inner.Get(id);

            public bool TryDecide(byte[] tokenHash, PushDecision decision, DateTime nowUtc) => _inner.TryDecide(tokenHash, decision, nowUtc);

            public int PurgeExpired(DateTime nowUtc, int batch) => _inner.PurgeExpired(nowUtc, batch);
        }
    }
}
#endif
