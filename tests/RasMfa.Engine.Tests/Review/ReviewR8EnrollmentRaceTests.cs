using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.BypassCodes;
using RasMfa.Engine.Clients;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Mfa;
using RasMfa.Engine.Tests.Mfa.OutOfBand;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R8: a mailed enrolment confirms at login only for a user holding no other way in, "checked at the login read,
    /// in the method list and in the write" (docs/security.md). A method given to the user while the login's first factor is
    /// checked (after the read, before the write) must stop the confirmation as a token given then does.
    /// </summary>
    public sealed class ReviewR8EnrollmentRaceTests
    {
        // Holds the first login's first factor until released (the login has read the user by then).
        private sealed class HeldFirstFactor : IFirstFactorChecker
        {
            private int _calls;

            public TaskCompletionSource<bool> Entered { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            public TaskCompletionSource<bool> Release { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            public async Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken)
            {
                if (Interlocked.Increment(ref _calls) == 1)
                {
                    Entered.TrySetResult(true);
                    await Release.Task.ConfigureAwait(false);
                }
                return new FirstFactorResult(FirstFactorOutcome.Accepted, "password accepted");
            }
        }

        private static (MfaFixture Fixture, HeldFirstFactor FirstFactor, OtpToken Pending) MailedUserAtAppendedClient()
        {
            var held = new HeldFirstFactor();
            var f = new MfaFixture(_ => held);
            f.Client.FirstFactor = FirstFactor.UpstreamRadius;
            f.Client.OtpMode = OtpMode.Appended;
            f.Store.Users.Add(new MfaUser("alice") { Email = "alice@corp.example" });
            var enrollment = new MailedEnrollmentService(f.Store.Tokens, f.Store.Users, f.Store.Settings, f.Store.AuditLog);
            var sent = enrollment.SendAsync("alice", null, "RasMfa", new RecordingChannels(), f.Now, "tester", new RecordingReview(), CancellationToken.None).GetAwaiter().GetResult()!;
            return (f, held, f.Store.Tokens.GetBySerial(sent.PendingSerial)!);
        }

        private static string[] TokensOf(MfaFixture f) => f.Store.Users.TokenSerialsOf(f.Store.Users.Get("alice")!.Id).ToArray();

        [Fact]
        public async Task Control_a_token_given_while_the_first_factor_is_checked_stops_the_confirmation()
        {
            var (f, held, pending) = MailedUserAtAppendedClient();
            using (f)
            {
                var login = f.PapAsync("alice", "pw" + f.CodeAt(pending));
                await held.Entered.Task;
                f.Store.Tokens.Add(new OtpToken("HW-1", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = f.Store.Users.Get("alice")!.Id });
                held.Release.SetResult(true);
                Assert.Equal(RadiusCode.AccessReject, (await login).Code);
                Assert.Equal(new[] { "HW-1" }, TokensOf(f));
            }
        }

        [Fact]
        public async Task A_bypass_code_given_while_the_first_factor_is_checked_stops_the_confirmation()
        {
            var (f, held, pending) = MailedUserAtAppendedClient();
            using (f)
            {
                var login = f.PapAsync("alice", "pw" + f.CodeAt(pending));
                await held.Entered.Task;
                // The help desk gives alice a bypass code: from now she holds a way in, so a mailed secret must need the help desk.
                new BypassCodeService(f.Store.BypassCodes, f.Store.Users).New("alice", 1, TimeSpan.FromDays(1), 1, "admin", f.Now, new RecordingReview());
                held.Release.SetResult(true);
                var answer = await login;
                Assert.Empty(TokensOf(f));
                Assert.Equal(RadiusCode.AccessReject, answer.Code);
            }
        }

        [Fact]
        public async Task An_sms_method_with_a_phone_given_while_the_first_factor_is_checked_stops_the_confirmation()
        {
            var (f, held, pending) = MailedUserAtAppendedClient();
            using (f)
            {
                var login = f.PapAsync("alice", "pw" + f.CodeAt(pending));
                await held.Entered.Task;
                var alice = f.Store.Users.Get("alice")!;
                alice.PhoneNumber = "+15550100";
                alice.Methods = new[] { MethodKind.Sms };
                f.Store.Users.Update(alice);
                held.Release.SetResult(true);
                var answer = await login;
                Assert.Empty(TokensOf(f));
                Assert.Equal(RadiusCode.AccessReject, answer.Code);
            }
        }
    }
}
