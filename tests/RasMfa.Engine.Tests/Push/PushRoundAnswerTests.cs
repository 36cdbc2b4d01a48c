#if NET
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Push;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Mfa.OutOfBand;
using RasMfa.Engine.Tests.Storage;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Push
{
    /// <summary>Why a held push round did not match, as the audit log and the admin's log are told; and a link sent by SMS within the send limits.</summary>
    public sealed class PushRoundAnswerTests
    {
        private static readonly CodeResponse Ok = CodeResponse.FromClear(new byte[0]);

        private static string TokenOf(string link) => link.Substring(link.LastIndexOf('/') + 1);

        [Fact]
        public async Task A_deny_is_answered_as_denied_on_the_page_and_logged_as_a_warning()
        {
            var lines = new List<(LogLevel Level, EventId Event, string Text)>();
            using var world = await PushTestWorld.StartAsync(log: new Recorder(lines));
            var (_, approvalId, link) = await world.BeginAsync();
            new PushApprovalService(world.TestStore.Store.PushApprovals).Decide(TokenOf(link), null, DateTime.UtcNow);

            var answer = await world.Method.AnswerAsync(Ok, world.Request(approvalId), CancellationToken.None);

            Assert.Null(answer.Match);
            Assert.False(answer.NotTaken);
            Assert.Equal("push denied on the approval page", answer.Failure);
            var warning = Assert.Single(lines, line => line.Event.Id == RasMfa.Engine.Logging.LogEvents.PushDenied.Id);
            Assert.Equal(LogLevel.Warning, warning.Level);
            Assert.Contains("alice", warning.Text);
            Assert.Contains("198.51.100.7", warning.Text);
        }

        [Fact]
        public async Task A_wrong_number_is_answered_as_a_wrong_number_not_as_a_deny()
        {
            using var world = await PushTestWorld.StartAsync();
            var (_, approvalId, link) = await world.BeginAsync();
            var approval = world.TestStore.Store.PushApprovals.Get(approvalId)!;
            new PushApprovalService(world.TestStore.Store.PushApprovals).Decide(TokenOf(link), approval.Choices.First(c => c != approval.Number), DateTime.UtcNow);

            var answer = await world.Method.AnswerAsync(Ok, world.Request(approvalId), CancellationToken.None);

            Assert.Null(answer.Match);
            Assert.Contains("number other than the one shown", answer.Failure);
        }

        [Fact]
        public async Task Past_the_cap_of_held_rounds_a_round_is_not_taken_rather_than_failed()
        {
            using var world = await PushTestWorld.StartAsync();
            world.Settings.MaxHeldPushRequests = 1;
            world.Settings.MaxHeldPushRequestsPerClient = 1;
            var (_, approvalId, _) = await world.BeginAsync();
            Assert.True(world.Held.TryHold("ras9", 1, 1));

            var answer = await world.Method.AnswerAsync(Ok, world.Request(approvalId), CancellationToken.None);

            Assert.True(answer.NotTaken);
            Assert.Contains("MaxHeldPushRequests", answer.Failure);
            Assert.Equal(PushDecision.Pending, world.TestStore.Store.PushApprovals.Get(approvalId)!.Decision);
        }

        [Fact]
        public async Task A_link_the_send_limit_stops_leaves_no_approval_waiting()
        {
            // Otherwise a refused send would count toward MaxPendingPushApprovalsPerUser as "waiting on your phone".
            using var store = TestStore.Open(StoreKind.Sqlite);
            var channels = new RecordingChannels(DeliveryKind.Sms);
            var page = new ApprovalPageDefinition("127.0.0.1", 9443, "https://mfa.example/", null, null);
            var settings = new MfaSettings { PushNotifyBy = PushNotifyBy.Sms, SendLimitPerUser = 1, MaxPendingPushApprovalsPerUser = 2 };
            var method = new PushMethod(new PushApprovalService(store.Store.PushApprovals), channels, store.Store.SendLimits, new HeldRequests(), () => page, () => settings, NullLogger.Instance);
            var user = new MfaUser("alice") { PhoneNumber = "+15550100101" };

            var sent = (await method.BeginAsync(new MethodRequest(user, "ras1", settings, DateTime.UtcNow), CancellationToken.None))!;
            var stopped = (await method.BeginAsync(new MethodRequest(user, "ras1", settings, DateTime.UtcNow), CancellationToken.None))!;

            Assert.NotNull(sent.Data);
            Assert.Null(stopped.Data);
            Assert.Contains("send limit reached", stopped.Refusal);
            Assert.Single(channels[DeliveryKind.Sms].Sent);
            Assert.Equal(1, store.Store.PushApprovals.CountPending("alice", DateTime.UtcNow));
        }

        [Fact]
        public async Task Push_by_email_counts_against_the_send_limit_per_user()
        {
            using var store = TestStore.Open(StoreKind.Sqlite);
            var channels = new RecordingChannels(DeliveryKind.Email);
            var page = new ApprovalPageDefinition("127.0.0.1", 9443, "https://mfa.example/", null, null);
            var settings = new MfaSettings { PushNotifyBy = PushNotifyBy.Email, SendLimitPerUser = 2, MaxPendingPushApprovalsPerUser = 10 };
            var method = new PushMethod(new PushApprovalService(store.Store.PushApprovals), channels, store.Store.SendLimits, new HeldRequests(), () => page, () => settings, NullLogger.Instance);
            var user = new MfaUser("alice") { Email = "alice@corp.example" };

            for (int i = 0; i < 4; i++)
                await method.BeginAsync(new MethodRequest(user, "ras1", settings, DateTime.UtcNow), CancellationToken.None);

            Assert.Equal(2, channels[DeliveryKind.Email].Sent.Count);
        }

        private sealed class Recorder : ILogger
        {
            private readonly List<(LogLevel, EventId, string)> _lines;

            public Recorder(List<(LogLevel, EventId, string)> lines) => _lines = lines;

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (_lines) _lines.Add((logLevel, eventId, formatter(state, exception)));
            }
        }
    }
}
#endif
