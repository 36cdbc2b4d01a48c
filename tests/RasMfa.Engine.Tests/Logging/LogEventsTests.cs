using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Hosting.Service;
using RasMfa.Engine.Logging;
using RasMfa.Engine.Tests.Packaging;
using Xunit;

namespace RasMfa.Engine.Tests.Logging
{
    /// <summary>
    /// The event ids an admin filters the Windows event log and the journal by: each id one class of line, each documented
    /// in docs/operations.md ("Event ids") with the name the code gives it, and no documented id the code no longer has.
    /// </summary>
    public sealed class LogEventsTests
    {
        private static readonly Regex TableRow = new Regex(@"^\|\s*(\d+)\s*\|\s*`?(\w+)`?\s*\|", RegexOptions.Multiline);

        private static EventId[] Defined() => typeof(LogEvents).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(EventId)).Select(f => (EventId)f.GetValue(null)!).ToArray();

        /// <summary>The rows of the table under "### Event ids" in docs/operations.md, up to the next heading.</summary>
        private static Dictionary<int, string> Documented()
        {
            var text = File.ReadAllText(Path.Combine(BuildLocations.RepositoryRoot, "docs", "operations.md"));
            int start = text.IndexOf("### Event ids");
            Assert.True(start >= 0, "docs/operations.md has no section \"Event ids\"");
            int end = text.IndexOf("\n#", start + 1);
            var section = end < 0 ? text.Substring(start) : text.Substring(start, end - start);
            return TableRow.Matches(section).Cast<Match>().ToDictionary(m => int.Parse(m.Groups[1].Value), m => m.Groups[2].Value);
        }

        [Fact]
        public void Every_event_id_is_one_class_of_line_named_as_its_field()
        {
            var fields = typeof(LogEvents).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(EventId)).ToArray();
            Assert.True(fields.Length >= 20);
            foreach (var field in fields) Assert.Equal(field.Name, ((EventId)field.GetValue(null)!).Name);
            var ids = Defined().Select(e => e.Id).ToArray();
            Assert.Equal(ids.Length, ids.Distinct().Count());
            // 0 is every line of no documented class: an id of 0 would be filtered together with them.
            Assert.DoesNotContain(0, ids);
        }

        [Fact]
        public void Every_event_id_is_documented_under_its_name_and_every_documented_id_exists()
        {
            var documented = Documented();
            foreach (var id in Defined())
            {
                Assert.True(documented.TryGetValue(id.Id, out var name), $"event id {id.Id} ({id.Name}) is not in docs/operations.md, \"Event ids\"");
                Assert.Equal(id.Name, name);
            }
            var defined = Defined().Select(e => e.Id).ToArray();
            Assert.All(documented.Keys, id => Assert.Contains(id, defined));
        }

        [Fact]
        public void Install_registers_the_event_log_source_RasMfa_in_the_Application_log_idempotently()
        {
            var register = WindowsEventLogSource.Register();
            Assert.Equal("reg.exe", register.Program);
            Assert.Equal(new[] { "add", @"HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\RasMfa", "/v", "EventMessageFile", "/t", "REG_EXPAND_SZ",
                "/d", @"%SystemRoot%\Microsoft.NET\Framework64\v4.0.30319\EventLogMessages.dll", "/f" }, register.Arguments);
        }
    }
}
