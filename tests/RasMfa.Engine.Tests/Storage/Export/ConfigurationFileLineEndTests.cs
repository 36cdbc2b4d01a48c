using System;
using System.IO;
using System.Linq;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Storage.Export;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.Export
{
    /// <summary>
    /// A configuration file whose line ends were turned into CRLF (a Windows editor, git's autocrlf) is the same file: it
    /// imports as written. A carriage return anywhere but before a line end is still an alteration.
    /// </summary>
    public sealed class ConfigurationFileLineEndTests : IDisposable
    {
        private readonly ConfigurationFileWorld _world = new ConfigurationFileWorld();

        public ConfigurationFileLineEndTests()
        {
            _world.Stores.Populate("source");
            _world.Export("source", "backup", segmentOctets: 1024);
        }

        public void Dispose() => _world.Dispose();

        private string[] Lines() => File.ReadAllLines(_world.FileOf("backup"));

        private void Rewrite(string text) => File.WriteAllText(_world.FileOf("backup"), text);

        [Fact]
        public void A_file_converted_to_CRLF_imports_every_row()
        {
            Rewrite(string.Concat(Lines().Select(l => l + "\r\n")));

            _world.Import("backup", "restored");

            Assert.Equal(_world.Stores.Rows("source"), _world.Stores.Rows("restored"));
        }

        [Fact]
        public void A_file_converted_to_CRLF_without_a_line_end_after_its_last_line_imports_every_row()
        {
            Rewrite(string.Join("\r\n", Lines()));

            _world.Import("backup", "restored");

            Assert.Equal(_world.Stores.Rows("source"), _world.Stores.Rows("restored"));
        }

        [Fact]
        public void A_carriage_return_inside_the_header_is_still_an_alteration()
        {
            var lines = Lines();
            lines[0] = lines[0].Replace(",\"salt\"", ",\r\"salt\"");
            Rewrite(string.Concat(lines.Select(l => l + "\n")));

            var refused = Assert.Throws<EngineException>(() => _world.Import("backup", "restored"));

            Assert.Equal(ConfigurationFileErrors.DamagedId, refused.ErrorId);
        }

        [Fact]
        public void Two_carriage_returns_before_a_line_end_are_an_alteration()
        {
            Rewrite(string.Concat(Lines().Select(l => l + "\r\r\n")));

            var refused = Assert.Throws<EngineException>(() => _world.Import("backup", "restored"));

            Assert.Equal(ConfigurationFileErrors.DamagedId, refused.ErrorId);
        }
    }
}
