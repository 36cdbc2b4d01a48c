using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// While another process holds the store's write lock past StoreWriteTimeoutSeconds, no decision can be recorded: a
    /// wrong password's failure cannot be counted. So that guessing then learns nothing, every answer of such a login,
    /// whatever it would have been (a challenge after the right password, a decoy, an unknown name's refusal), is what
    /// StoreUnavailableAnswer says: the right password and a wrong one, an enrolled user and an unknown name, look alike.
    /// </summary>
    public sealed class StoreUnavailableAnswerTests : IDisposable
    {
        private const string RightPassword = "Correct horse 1";
        private readonly MfaFixture _f;

        public StoreUnavailableAnswerTests()
        {
            _f = new MfaFixture(client => client.FirstFactor == FirstFactor.UpstreamRadius ? new PasswordChecker() : null);
            _f.Store.LoginWriteTimeout = () => TimeSpan.FromSeconds(1);
            _f.Enrol("alice");
        }

        public void Dispose() => _f.Dispose();

        private void Answering(StoreUnavailableAnswer answer, FirstFactor firstFactor = FirstFactor.None)
        {
            _f.Settings = new MfaSettings { LockoutThreshold = 3, StoreUnavailableAnswer = answer };
            _f.Client.FirstFactor = firstFactor;
        }

        /// <summary>Another process's BEGIN IMMEDIATE: holds the store's write lock until disposed.</summary>
        private SqliteConnection HoldWriteLock()
        {
            var connection = new SqliteConnection($"Data Source={_f.Store.Location};Pooling=False");
            connection.Open();
            using var begin = connection.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
            return connection;
        }

        /// <summary>What the client sees: the answer's code, or "none" when the listener withholds it.</summary>
        private async Task<string> Seen(string userName, string password)
        {
            try
            {
                return (await _f.PapAsync(userName, password)).Code.ToString();
            }
            catch (AnswerWithheldException)
            {
                return "none";
            }
        }

        [Theory]
        [InlineData(StoreUnavailableAnswer.Reject, "AccessReject")]
        [InlineData(StoreUnavailableAnswer.Silence, "none")]
        public async Task While_the_store_is_locked_the_right_password_past_the_lockout_threshold_gets_the_answer_a_wrong_one_gets(StoreUnavailableAnswer answer, string expected)
        {
            Answering(answer, FirstFactor.UpstreamRadius);
            var wrong = new List<string>();
            string right;
            using (HoldWriteLock())
            {
                for (int i = 0; i < 5; i++) wrong.Add(await Seen("alice", "guess-" + i));
                right = await Seen("alice", RightPassword);
            }
            Assert.All(wrong, seen => Assert.Equal(expected, seen));
            Assert.Equal(expected, right); // no challenge: the answer tells nothing about the password
        }

        [Fact]
        public async Task While_the_store_is_locked_failures_are_not_counted_and_once_it_is_free_the_right_password_opens_a_challenge_again()
        {
            Answering(StoreUnavailableAnswer.Reject, FirstFactor.UpstreamRadius);
            using (HoldWriteLock())
            {
                for (int i = 0; i < 5; i++) await Seen("alice", "guess-" + i);
            }
            // Documented: a failure the store could not record is not counted (the answer gave nothing away instead).
            Assert.Equal(0, _f.Store.Users.Get("alice")!.FailedAttempts);
            Assert.Equal(RadiusCode.AccessChallenge, (await _f.PapAsync("alice", RightPassword)).Code);
        }

        [Theory]
        [InlineData(StoreUnavailableAnswer.Silence, FirstFactor.None, "000000")]          // a wrong code, code only
        [InlineData(StoreUnavailableAnswer.Silence, FirstFactor.None, "")]                // username only: a challenge or a decoy
        [InlineData(StoreUnavailableAnswer.Silence, FirstFactor.UpstreamRadius, "guess")] // a wrong password
        [InlineData(StoreUnavailableAnswer.Reject, FirstFactor.UpstreamRadius, "guess")]
        [InlineData(StoreUnavailableAnswer.Reject, FirstFactor.None, "")]
        public async Task While_the_store_is_locked_an_enrolled_user_and_an_unknown_name_are_answered_alike(StoreUnavailableAnswer answer, FirstFactor firstFactor, string password)
        {
            Answering(answer, firstFactor);
            string enrolled, unknown;
            using (HoldWriteLock())
            {
                enrolled = await Seen("alice", password);
                unknown = await Seen("mallory", password);
            }
            Assert.Equal(enrolled, unknown);
            Assert.Equal(answer == StoreUnavailableAnswer.Silence ? "none" : "AccessReject", unknown);
        }

        private sealed class PasswordChecker : IFirstFactorChecker
        {
            public Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken) =>
                Task.FromResult(System.Text.Encoding.UTF8.GetString(password) == RightPassword
                    ? new FirstFactorResult(FirstFactorOutcome.Accepted, "ok", new List<RadiusAttribute>())
                    : new FirstFactorResult(FirstFactorOutcome.Rejected, "password rejected by fake"));
        }
    }
}
