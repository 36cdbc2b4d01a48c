using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Storage.Export;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.Export
{
    /// <summary>
    /// A configuration file read with the wrong passphrase, or damaged, cut short or altered anywhere, is refused with its
    /// error id and nothing is written; a header asking for a hostile key derivation is refused before any work.
    /// </summary>
    public sealed class ConfigurationFileTamperingTests : IDisposable
    {
        private readonly ConfigurationFileWorld _world = new ConfigurationFileWorld();

        public ConfigurationFileTamperingTests()
        {
            _world.Stores.Populate("source");
            _world.Export("source", "backup", segmentOctets: 1024);
            _world.Create("restored");
        }

        public void Dispose() => _world.Dispose();

        [Fact]
        public void A_wrong_passphrase_is_told_as_such_and_nothing_is_written()
        {
            var refused = Assert.Throws<EngineException>(() => _world.Import("backup", "restored", passphrase: "not the passphrase at all"));

            Assert.Equal(ConfigurationFileErrors.PassphraseWrongId, refused.ErrorId);
            Assert.Empty(_world.Stores.Rows("restored").Where(r => !r.StartsWith("decoy_attempts|")));
        }

        public static TheoryData<string> Alterations => new TheoryData<string>
        {
            "flip a bit in the first segment", "flip a bit in the last segment", "drop a middle segment", "swap two segments",
            "drop the last segment", "cut the last line short", "append a segment", "repeat the first segment",
            "change the nonce prefix", "add a space to the header", "empty file", "not a RasMfa file",
        };

        [Theory]
        [MemberData(nameof(Alterations))]
        public void An_altered_file_is_refused_as_damaged_and_nothing_is_written(string alteration)
        {
            var path = _world.FileOf("backup");
            var lines = File.ReadAllLines(path).ToList();
            Assert.True(lines.Count > 5);
            switch (alteration)
            {
                case "flip a bit in the first segment": lines[1] = FlipBit(lines[1]); break;
                case "flip a bit in the last segment": lines[lines.Count - 1] = FlipBit(lines[lines.Count - 1]); break;
                case "drop a middle segment": lines.RemoveAt(2); break;
                case "swap two segments": (lines[1], lines[2]) = (lines[2], lines[1]); break;
                case "drop the last segment": lines.RemoveAt(lines.Count - 1); break;
                case "cut the last line short": lines[lines.Count - 1] = lines[lines.Count - 1].Substring(0, 12); break;
                case "append a segment": lines.Add(lines[1]); break;
                case "repeat the first segment": lines.Insert(2, lines[1]); break;
                case "change the nonce prefix": lines[0] = WithHeader(lines[0], "noncePrefix", JsonValue.Create(Convert.ToBase64String(new byte[7]))); break;
                case "add a space to the header": lines[0] = lines[0].Replace(",\"salt\"", ", \"salt\""); break;
                case "empty file": lines.Clear(); break;
                case "not a RasMfa file": lines = new[] { "name,value", "a,b" }.ToList(); break;
            }
            File.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));

            var refused = Assert.Throws<EngineException>(() => _world.Import("backup", "restored"));

            Assert.Equal(ConfigurationFileErrors.DamagedId, refused.ErrorId);
            Assert.Empty(_world.Stores.Rows("restored").Where(r => !r.StartsWith("decoy_attempts|")));
        }

        [Fact]
        public void A_file_altered_after_it_was_checked_is_refused_and_the_rows_already_written_are_undone()
        {
            var path = _world.FileOf("backup");
            using var import = ConfigurationImport.Open(path, ConfigurationFileWorld.Passphrase);
            var lines = File.ReadAllLines(path);
            lines[lines.Length - 1] = FlipBit(lines[lines.Length - 1]);
            File.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));

            using var store = new RasMfa.Engine.Storage.SqliteStore(_world.Stores.PathOf("restored"));
            var refused = Assert.Throws<EngineException>(() => import.Run(store, replace: false));

            Assert.Equal(ConfigurationFileErrors.DamagedId, refused.ErrorId);
            Assert.Empty(_world.Stores.Rows("restored").Where(r => !r.StartsWith("decoy_attempts|")));
        }

        [Theory]
        [InlineData("memoryKiB", 4L * 1024 * 1024)]
        [InlineData("memoryKiB", 8L)]
        [InlineData("passes", 1000L)]
        [InlineData("passes", 0L)]
        [InlineData("lanes", 255L)]
        [InlineData("segmentOctets", 1L << 30)]
        public void A_header_asking_for_a_cost_out_of_bounds_is_refused_before_any_key_derivation(string field, long value)
        {
            var path = _world.FileOf("backup");
            var lines = File.ReadAllLines(path);
            lines[0] = WithHeader(lines[0], field, JsonValue.Create(value));
            File.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));

            // With a wrong passphrase too: the refusal says the file is unsupported, not that the passphrase is wrong, so no derivation ran.
            var refused = Assert.Throws<EngineException>(() => _world.Import("backup", "restored", passphrase: "not the passphrase at all"));

            Assert.Equal(ConfigurationFileErrors.UnsupportedId, refused.ErrorId);
        }

        [Fact]
        public void A_first_line_longer_than_any_header_is_refused_without_reading_it_all()
        {
            File.WriteAllText(_world.FileOf("backup"), new string('{', 10 * 1024 * 1024));

            var refused = Assert.Throws<EngineException>(() => _world.Import("backup", "restored"));

            Assert.Equal(ConfigurationFileErrors.DamagedId, refused.ErrorId);
        }

        private static string FlipBit(string segmentLine)
        {
            var octets = Convert.FromBase64String(segmentLine);
            octets[octets.Length / 2] ^= 0x01;
            return Convert.ToBase64String(octets);
        }

        private static string WithHeader(string header, string field, JsonNode value)
        {
            var node = JsonNode.Parse(header)!.AsObject();
            node[field] = value;
            return node.ToJsonString();
        }
    }
}
