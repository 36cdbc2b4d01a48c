using System;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.PostgreSql
{
    /// <summary>
    /// The throwaway PostgreSQL 15 cluster that build.ps1 Test starts once for the run (tools/PostgreSqlCluster.psm1),
    /// read from the JSON descriptor RASMFA_TEST_POSTGRES names. Each test makes its own database in it
    /// (<see cref="CreateDatabase"/>), so tests on both .NET runtimes and Pester's share one server without meeting.
    /// There is no skipping: without the variable the constructor fails and says how to start a cluster.
    /// </summary>
    public sealed class PostgreSqlTestServer
    {
        public const string Variable = "RASMFA_TEST_POSTGRES";

        public PostgreSqlTestServer()
        {
            var path = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"These tests need the PostgreSQL 15 cluster named by {Variable} ({(string.IsNullOrEmpty(path) ? "not set" : path + " does not exist")}): " +
                    "build.ps1 Test starts one for the run; to run the tests by hand, start one with 'dotnet pwsh ./build.ps1 PostgreSql' " +
                    $"and set {Variable} to the path it prints.");
            }
            using (var descriptor = JsonDocument.Parse(File.ReadAllText(path)))
            {
                var root = descriptor.RootElement;
                Port = root.GetProperty("Port").GetInt32();
                ConnectionString = root.GetProperty("ConnectionString").GetString()!;
                DataDirectory = root.GetProperty("DataDirectory").GetString()!;
                BinDirectory = root.GetProperty("BinDirectory").GetString()!;
                RunAs = root.GetProperty("RunAs").GetString()!;
                LogFile = root.GetProperty("LogFile").GetString()!;
            }
        }

        public int Port { get; }

        /// <summary>The superuser's connection string (the postgres database).</summary>
        public string ConnectionString { get; }

        public string DataDirectory { get; }
        public string BinDirectory { get; }

        /// <summary>The account the server runs as: postgres when the run is root's (initdb refuses root), else the caller's.</summary>
        public string RunAs { get; }

        public string LogFile { get; }

        /// <summary>A new empty database, rasmfa_t_ and a random part, dropped when the returned object is disposed.</summary>
        public PostgreSqlTestDatabase CreateDatabase()
        {
            var random = new byte[8];
            using (var generator = RandomNumberGenerator.Create()) generator.GetBytes(random);
            string name = "rasmfa_t_" + BitConverter.ToString(random).Replace("-", "").ToLowerInvariant();
            ExecuteAsSuperuser($"CREATE DATABASE {name}");
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name };
            return new PostgreSqlTestDatabase(this, name, builder.ConnectionString);
        }

        /// <summary>
        /// Stops the server (fast shutdown), for the "store unreachable" tests. It is every test's server: call it only from a
        /// test in <see cref="PostgreSqlSuspensionCollection"/>, which runs alone, and always <see cref="Resume"/> in a finally.
        /// </summary>
        public void Suspend() => PgCtl("stop", "-m", "fast", "-w", "-t", "60");

        /// <summary>Starts the server again on the same folder and port; returns once it accepts connections.</summary>
        public void Resume() => PgCtl("start", "-l", LogFile, "-w", "-t", "60");

        internal void ExecuteAsSuperuser(string sql)
        {
            // Not pooled: a pooled connection would outlive a Suspend and fail the next test that takes it.
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }

        // pg_ctl on this cluster's folder, as the account that owns it (through runuser when that is not ours).
        private void PgCtl(params string[] arguments)
        {
            string pgCtl = Path.Combine(BinDirectory, "pg_ctl");
            string all = Quote(arguments[0]) + " -D " + Quote(DataDirectory);
            for (int i = 1; i < arguments.Length; i++) all += " " + Quote(arguments[i]);
            bool asOther = RunAs != Environment.UserName;
            var start = new ProcessStartInfo(asOther ? "runuser" : pgCtl, asOther ? $"-u {Quote(RunAs)} -- {Quote(pgCtl)} {all}" : all)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                // The postgres account may not be allowed into the test's working folder.
                WorkingDirectory = Path.GetDirectoryName(DataDirectory)!,
            };
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(90_000)) throw new TimeoutException($"pg_ctl {all} did not finish within 90 s.");
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"pg_ctl {all} failed ({process.ExitCode}): {output} {error.Result}");
        }

        // ProcessStartInfo.Arguments splits on spaces outside double quotes (no shell). The descriptor's paths are made by
        // tools/PostgreSqlCluster.psm1 under the temp folder: no quote or backslash in them.
        private static string Quote(string argument) =>
            argument.IndexOf('"') >= 0 || argument.IndexOf('\\') >= 0 ? throw new ArgumentException("Unexpected quote or backslash: " + argument) : "\"" + argument + "\"";
    }

    /// <summary>Tests that stop the shared server run alone, after the others: no other test loses its connections.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class PostgreSqlSuspensionCollection
    {
        public const string Name = "PostgreSQL server stopped and started";
    }
}
