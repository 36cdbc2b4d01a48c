using RasMfa.Engine.Clients;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa.Stages
{
    /// <summary>Every decision, whatever its outcome, costs the login one durable commit: its writes and audit record together.</summary>
    public sealed class OneWritePerDecisionTests : System.IDisposable
    {
        private readonly MfaFixture _f = new MfaFixture();

        public void Dispose() => _f.Dispose();

        private long Commits => ((SqlLoginStore)_f.Store.Logins).Commits;

        [Fact]
        public void A_wrong_code_costs_one_commit_with_its_failure_count_and_record()
        {
            _f.Enrol("alice");
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", "000000").Code);
            Assert.Equal(1, _f.Logins.Writes);
            Assert.Equal(1, Commits);
            Assert.Equal(1, _f.Store.Users.Get("alice")!.FailedAttempts);
            Assert.Equal(DecisionReason.WrongCode, _f.LastReason());
        }

        [Fact]
        public void An_accepted_code_and_a_replay_cost_one_commit_each()
        {
            var token = _f.Enrol("alice");
            var code = _f.CodeAt(token);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", code).Code);
            Assert.Equal(1, Commits);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", code).Code);
            Assert.Equal(2, Commits);
            Assert.Equal(2, _f.Logins.Writes);
            Assert.Equal(1, _f.Store.Users.Get("alice")!.FailedAttempts);
        }

        [Fact]
        public void A_code_for_an_unknown_user_costs_one_commit_that_writes_as_a_wrong_code_writes()
        {
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("nobody", "123456").Code);
            var decoy = _f.Pap("ghost", "");
            Assert.Equal(RadiusCode.AccessChallenge, _f.Pap("ghost", "123456", decoy.State).Code);
            Assert.Equal(3, Commits);
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + _f.Store.Location);
            connection.Open();
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT attempts FROM decoy_attempts";
            Assert.Equal(2L, (long)count.ExecuteScalar()!);
        }

        // A domain password costs two more: the request claimed among the servers sharing the store, and the attempt reserved,
        // before the directory is asked. An unknown name's costs the same, so that the time before the directory answers does
        // not tell a real name.
        [Fact]
        public void A_password_costs_three_commits_for_a_real_name_and_an_unknown_one_alike()
        {
            var checker = new RecordingChecker();
            using var f = new MfaFixture(client => client.FirstFactor == FirstFactor.Directory ? checker : null);
            f.Client.FirstFactor = FirstFactor.Directory;
            f.Enrol("alice");
            long Commits() => ((SqlLoginStore)f.Store.Logins).Commits;
            Assert.Equal(RadiusCode.AccessReject, f.Pap("alice", "wrong").Code);
            Assert.Equal(3, Commits());
            Assert.Equal(RadiusCode.AccessReject, f.Pap("nobody", "wrong").Code);
            Assert.Equal(6, Commits());
            Assert.Equal(RadiusCode.AccessChallenge, f.Pap("alice", "Correct horse 1").Code);
            Assert.Equal(9, Commits());
            Assert.Equal(1, f.Store.Users.Get("alice")!.FailedAttempts);
        }

        [Fact]
        public void A_refusal_and_a_challenge_cost_one_commit_each_for_their_records()
        {
            _f.Enrol("alice");
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("nobody", "123456").Code);
            Assert.Equal(RadiusCode.AccessChallenge, _f.Pap("alice", "").Code);
            Assert.Equal(2, Commits);
            Assert.Equal(2, _f.Store.AuditLog.Query(new Audit.AuthenticationLogQuery()).Count);
        }
    }
}
