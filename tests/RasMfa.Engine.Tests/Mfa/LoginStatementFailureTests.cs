using System;
using System.Linq;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Tokens;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// The SQLite writer runs a login's statements on SQLite's own API, each prepared once on its connection and kept. One
    /// that fails, on a store damaged or altered while the listener runs (a statement already prepared, which SQLite then
    /// prepares again), fails that login's write alone: the login is answered as the store unavailable (here Reject), never
    /// accepted, its code not used up and no Accept recorded; once the store is whole again the same code is accepted, by
    /// the same writer.
    /// </summary>
    public sealed class LoginStatementFailureTests : IDisposable
    {
        private readonly MfaFixture _f = new MfaFixture { Settings = new MfaSettings { StoreUnavailableAnswer = StoreUnavailableAnswer.Reject } };
        private readonly OtpToken _token;

        public LoginStatementFailureTests()
        {
            _token = _f.Enrol("alice");
            // One login first, so that the writer has prepared and kept the statements a code's login runs.
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", _f.CodeAt(_token, -1)).Code);
        }

        public void Dispose() => _f.Dispose();

        private void Execute(string sql)
        {
            using var connection = new SqliteConnection($"Data Source={_f.Store.Location};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private long? UsedStep => _f.Store.Tokens.GetBySerial(_token.Serial)!.LastUsedStep;

        private int Accepts => _f.Store.AuditLog.Query(new AuthenticationLogQuery()).Count(record => record.Result == "Accept");

        [Fact]
        public void A_right_code_whose_use_the_store_refuses_is_rejected_unused_and_accepted_once_the_store_takes_it()
        {
            long? before = UsedStep;
            Execute("CREATE TRIGGER damaged BEFORE UPDATE ON otp_token BEGIN SELECT RAISE(ABORT, 'damaged by the test'); END;");
            var code = _f.CodeAt(_token);

            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", code).Code);
            Assert.Equal(before, UsedStep);
            Assert.Equal(1, Accepts);

            Execute("DROP TRIGGER damaged");
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", code).Code);
            Assert.Equal(2, Accepts);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", code).Code); // and only once
        }

        [Fact]
        public void A_login_whose_first_statement_finds_its_table_gone_is_rejected_and_the_writer_answers_the_next_once_it_is_back()
        {
            Execute("ALTER TABLE request_decision RENAME TO request_decision_moved");
            var code = _f.CodeAt(_token);

            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", code).Code);
            Assert.Equal(1, Accepts);

            Execute("ALTER TABLE request_decision_moved RENAME TO request_decision");
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", code).Code);
            Assert.Equal(2, Accepts);
        }

        [Fact]
        public void A_wrong_code_whose_failure_the_store_cannot_count_is_rejected_and_counted_once_it_can()
        {
            Execute("CREATE TRIGGER damaged BEFORE UPDATE ON mfa_user BEGIN SELECT RAISE(ABORT, 'damaged by the test'); END;");

            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", "000000").Code);
            Assert.Equal(0, _f.Store.Users.Get("alice")!.FailedAttempts);

            Execute("DROP TRIGGER damaged");
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", "000000").Code);
            Assert.Equal(1, _f.Store.Users.Get("alice")!.FailedAttempts);
        }
    }
}
