using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.HttpGateway;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Delivery
{
    /// <summary>
    /// When an admin changes a provider, the listener's old channels let go of what they hold (HttpClients, connections)
    /// once they are idle: a send in flight through one finishes first, and a send begun on one afterwards goes through
    /// the provider as it is now.
    /// </summary>
    public sealed class ReplacedChannelsTests
    {
        private const string Phone = "+15550100101";

        [Fact]
        public async Task Replaced_channels_are_disposed_once_idle_and_a_send_in_flight_finishes_first()
        {
            var type = new RecordingProviderType();
            var providers = new[]
            {
                new DeliveryProviderDefinition(DeliveryKind.Sms, type.Name, "{\"to\":\"a\"}", null),
                new DeliveryProviderDefinition(DeliveryKind.Email, type.Name, "{\"to\":\"b\"}", null),
            };
            var first = ConfiguredDeliveryChannels.From(providers, new DeliveryEnvironment(), new[] { type });
            RecordingChannel oldSms = type.Made[0], oldMail = type.Made[1];
            oldSms.Hold = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var sms = first.For(DeliveryKind.Sms)!;
            var inFlight = sms.SendAsync(new OutgoingMessage(Phone, "RasMfa", "Code 1"), CancellationToken.None);
            await oldSms.Began.Task;

            var second = ConfiguredDeliveryChannels.From(providers, new DeliveryEnvironment(), new[] { type });
            first.Retire(second);

            Assert.Equal(1, oldMail.Disposals);
            Assert.Equal(0, oldSms.Disposals);
            oldSms.Hold.SetResult(true);
            var result = await inFlight;
            Assert.True(result.Delivered, result.Failure);
            Assert.Equal(1, oldSms.Disposals);
            Assert.False(oldSms.DisposedWhileSending);

            // A method that took the channel before the change and sends after it reaches the provider as it is now.
            var late = await sms.SendAsync(new OutgoingMessage(Phone, "RasMfa", "Code 2"), CancellationToken.None);
            Assert.True(late.Delivered, late.Failure);
            Assert.Equal(new[] { "Code 1" }, Texts(oldSms));
            Assert.Equal(new[] { "Code 2" }, Texts(type.Made[2]));
            Assert.Equal(0, type.Made[2].Disposals + type.Made[3].Disposals);

            second.Dispose();
            Assert.Equal(1, type.Made[2].Disposals);
            var afterStop = await sms.SendAsync(new OutgoingMessage(Phone, "RasMfa", "Code 3"), CancellationToken.None);
            Assert.False(afterStop.Delivered);
        }

        [Fact]
        public async Task The_listener_lets_go_of_the_old_gateways_HttpClient_after_its_send_in_flight_when_the_provider_changes()
        {
            using var test = TestStore.Open(StoreKind.Sqlite);
            var service = new DeliveryProviderService(test.Store.DeliveryProviders);
            service.Set(Gateway("https://sms-a.corp.example/send"), new RecordingReview());
            var handlers = new List<RecordingHandler>();
            var environment = new DeliveryEnvironment(httpHandler: () =>
            {
                var handler = new RecordingHandler(held: handlers.Count == 0);
                handlers.Add(handler);
                return handler;
            });
            using var watcher = new ConfigurationWatcher(test.Store, TimeSpan.FromHours(1), NullLogger.Instance, environment);
            var sms = watcher.Channels.For(DeliveryKind.Sms)!;
            var inFlight = sms.SendAsync(new OutgoingMessage(Phone, "RasMfa", "Code 1"), CancellationToken.None);
            await handlers[0].Began.Task;

            service.Set(Gateway("https://sms-b.corp.example/send"), new RecordingReview());
            watcher.Poll();

            Assert.Equal(2, handlers.Count);
            Assert.False(handlers[0].Disposed);
            handlers[0].Release.SetResult(true);
            var result = await inFlight;
            Assert.True(result.Delivered, result.Failure);
            Assert.True(handlers[0].Disposed);

            var next = await watcher.Channels.For(DeliveryKind.Sms)!.SendAsync(new OutgoingMessage(Phone, "RasMfa", "Code 2"), CancellationToken.None);
            Assert.True(next.Delivered, next.Failure);
            Assert.Equal("sms-b.corp.example", handlers[1].Hosts[0]);
            Assert.False(handlers[1].Disposed);
        }

        private static List<string> Texts(RecordingChannel channel)
        {
            var texts = new List<string>();
            foreach (var message in channel.Sent) texts.Add(message.Text);
            return texts;
        }

        private static DeliveryProviderDefinition Gateway(string url) => new DeliveryProviderDefinition(DeliveryKind.Sms, HttpGatewayProviderType.TypeName,
            new HttpGatewaySettings { Url = url, ContentType = GatewayContentType.Form, Body = "to={phone}&text={message}" }.ToJson(), null);

        /// <summary>The HTTP a channel sends through: answers 200, records its disposal, and when held waits to be released.</summary>
        private sealed class RecordingHandler : HttpMessageHandler
        {
            public RecordingHandler(bool held)
            {
                if (!held) Release.SetResult(true);
            }

            public TaskCompletionSource<bool> Began { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            public TaskCompletionSource<bool> Release { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            public List<string> Hosts { get; } = new List<string>();

            public bool Disposed { get; private set; }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (Disposed) throw new ObjectDisposedException(nameof(RecordingHandler));
                Hosts.Add(request.RequestUri!.Host);
                Began.TrySetResult(true);
                await Release.Task.ConfigureAwait(false);
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("OK", Encoding.UTF8) };
            }

            protected override void Dispose(bool disposing)
            {
                Disposed = true;
                base.Dispose(disposing);
            }
        }
    }
}
