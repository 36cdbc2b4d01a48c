using System.Linq;
using System.Text;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.GraphMail;
using RasMfa.Engine.Delivery.Smtp;
using RasMfa.EntraStub;
using Xunit;

namespace RasMfa.Engine.Tests.Delivery.GraphMail
{
    /// <summary>What Set-RasMfaMailProvider -EntraTenant accepts, and what Test-RasMfaEntraTenant asks of a tenant that sends mail.</summary>
    public sealed class GraphMailProviderTypeTests
    {
        private readonly GraphMailProviderType _type = new GraphMailProviderType();

        [Theory]
        [InlineData("mfa@contoso.com", null)]
        [InlineData("mfa@contoso.com, mallory@evil.example", "is not one mail address")]
        [InlineData("Mfa <mfa@contoso.com>", "is not one mail address")]
        [InlineData("../groups@contoso.com", "is not one mail address")]
        [InlineData("mfa%2F@contoso.com", "is not one mail address")]
        [InlineData("mfa@contoso.com\r\nBcc: x@y.z", "is not one mail address")]
        [InlineData("", "is not one mail address")]
        public void The_mailbox_must_be_one_bare_address_that_cannot_step_elsewhere_in_Graphs_path(string mailbox, string? problem)
        {
            var invalidity = _type.Invalidity(GraphMailWorld.Provider(mailbox));
            if (problem == null) Assert.Null(invalidity);
            else Assert.Contains(problem, invalidity);
        }

        [Fact]
        public void The_timeout_stays_within_the_delivery_cap_and_a_tenant_must_be_named()
        {
            Assert.Contains("1 to 15 seconds", _type.Invalidity(GraphMailWorld.Provider(GraphMailbox.Sender, timeoutSeconds: 16)));
            Assert.Contains("no Entra tenant", _type.Invalidity(GraphMailWorld.Provider(GraphMailbox.Sender, tenant: " ")));
            Assert.Equal(SendTimeout.MaxSeconds, new GraphMailSettings().TimeoutSeconds);
        }

        [Fact]
        public void A_Graph_mail_provider_carries_no_secret_of_its_own()
        {
            var withSecret = new DeliveryProviderDefinition(DeliveryKind.Email, GraphMailProviderType.TypeName, GraphMailWorld.Provider(GraphMailbox.Sender).Settings, Encoding.UTF8.GetBytes("x"));
            Assert.Contains("no secret of its own", _type.Invalidity(withSecret));
        }

        [Fact]
        public void It_is_a_known_mail_provider_type()
        {
            Assert.Same(typeof(GraphMailProviderType), DeliveryProviderTypes.Named("graphmail")!.GetType());
            Assert.Equal(new[] { DeliveryKind.Email }, DeliveryProviderTypes.Named(GraphMailProviderType.TypeName)!.Kinds);
        }

        [Fact]
        public void Test_names_Mail_Send_as_missing_only_for_the_tenant_the_mail_provider_sends_through()
        {
            using var world = new GraphMailWorld();
            var providers = new[] { GraphMailWorld.Provider(GraphMailbox.Sender) };
            Assert.True(GraphMailProviderType.SendsThrough(providers, "CONTOSO"));
            Assert.False(GraphMailProviderType.SendsThrough(providers, "fabrikam"));
            var smtp = new DeliveryProviderDefinition(DeliveryKind.Email, SmtpProviderType.TypeName, "{\"host\":\"contoso\"}", null);
            Assert.False(GraphMailProviderType.SendsThrough(new[] { smtp }, "contoso"));

            var sending = world.Entra.Tenants.Test("contoso", sendsMail: true);
            Assert.Equal(new[] { "Mail.Send" }, sending.MissingPermissions);
            Assert.False(sending.Succeeded);
            Assert.Empty(world.Entra.Tenants.Test("contoso").MissingPermissions);

            world.Entra.Scenario.Roles = world.Entra.Scenario.Roles.Concat(new[] { "Mail.Send" }).ToArray();
            Assert.True(world.Entra.Tenants.Test("contoso", sendsMail: true).Succeeded);
        }
    }
}
