using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Clients;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// An upstream RADIUS first factor (NPS) with RequireUserMatch off: when its Access-Accept returns the User-Name to use
    /// (RFC 2865 5.1), the user is found by that name too, so an alias the upstream accepted does not pass without a code.
    /// </summary>
    public sealed class UpstreamReturnedNameTests : IDisposable
    {
        private readonly MfaFixture _f;
        private string? _returnedName;

        public UpstreamReturnedNameTests()
        {
            _f = new MfaFixture(client => client.FirstFactor == FirstFactor.UpstreamRadius ? new Upstream(this) : null);
            _f.Client.FirstFactor = FirstFactor.UpstreamRadius;
            _f.Client.RequireUserMatch = false;
        }

        public void Dispose() => _f.Dispose();

        [Fact]
        public void An_alias_the_upstream_accepted_finds_the_enrolled_user_by_the_name_it_returned()
        {
            var token = _f.Enrol("alice.smith@corp.example");
            _returnedName = "alice.smith@corp.example";
            var challenge = _f.Pap("CORP\\asmith", "Correct horse 1");
            Assert.True(challenge.Code == RadiusCode.AccessChallenge, $"got {challenge.Code}: {_f.LastReason()}");
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("CORP\\asmith", _f.CodeAt(token), challenge.State).Code);
        }

        [Fact]
        public void Without_a_returned_name_an_alias_matches_by_the_name_as_sent_as_documented()
        {
            _f.Enrol("alice.smith@corp.example");
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("CORP\\asmith", "Correct horse 1").Code);
            Assert.Equal(DecisionReason.UnknownUserAllowed, _f.LastReason());
        }

        [Fact]
        public void A_returned_name_that_finds_another_user_than_the_name_sent_is_refused()
        {
            _f.Enrol("bob");
            _f.Store.Users.Add(new RasMfa.Engine.Users.MfaUser("CORP\\asmith"));
            _returnedName = "bob";
            var reply = _f.Pap("CORP\\asmith", "Correct horse 1");
            Assert.Equal(RadiusCode.AccessReject, reply.Code);
            Assert.StartsWith(DecisionReason.AmbiguousAccount, _f.LastReason());
        }

        [Fact]
        public void A_returned_name_that_is_not_clean_text_is_never_let_through_as_unknown()
        {
            _returnedName = "alice\u200B";
            var reply = _f.Pap("CORP\\asmith", "Correct horse 1");
            Assert.Equal(RadiusCode.AccessReject, reply.Code);
            Assert.StartsWith(DecisionReason.UnidentifiedAccount, _f.LastReason());
        }

        private sealed class Upstream : IFirstFactorChecker
        {
            private readonly UpstreamReturnedNameTests _test;

            public Upstream(UpstreamReturnedNameTests test) => _test = test;

            public Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken)
            {
                var attributes = new List<RadiusAttribute>();
                if (_test._returnedName != null) attributes.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, _test._returnedName));
                return Task.FromResult(System.Text.Encoding.UTF8.GetString(password) == "Correct horse 1"
                    ? new FirstFactorResult(FirstFactorOutcome.Accepted, "accepted by the stand-in upstream", attributes)
                    : new FirstFactorResult(FirstFactorOutcome.Rejected, "rejected by the stand-in upstream"));
            }
        }
    }
}
