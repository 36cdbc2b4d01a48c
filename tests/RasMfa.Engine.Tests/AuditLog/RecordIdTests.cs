using System;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Audit;
using Xunit;

namespace RasMfa.Engine.Tests.AuditLog
{
    /// <summary>An audit record's id: unique, and ordered by the time it was made (new ids go at the end of the store's index).</summary>
    public sealed class RecordIdTests
    {
        [Fact]
        public void Ids_made_later_sort_after_those_made_earlier()
        {
            var start = new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc);
            var times = new[] { start, start.AddMilliseconds(1), start.AddSeconds(1), start.AddDays(1), start.AddYears(30) };
            var ids = times.Select(AuthenticationRecord.RecordIdAt).ToList();
            Assert.Equal(ids, ids.OrderBy(id => id, StringComparer.Ordinal).ToList());
            // A record made now sorts after one made a second ago.
            Assert.True(string.CompareOrdinal(AuthenticationRecord.NewRecordId(), AuthenticationRecord.RecordIdAt(DateTime.UtcNow.AddSeconds(-1))) > 0);
        }

        [Fact]
        public void Ids_made_in_the_same_millisecond_differ_and_are_32_lower_case_hex_digits()
        {
            var at = new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < 10000; i++)
            {
                var id = AuthenticationRecord.RecordIdAt(at);
                Assert.Matches("^[0-9a-f]{32}$", id);
                Assert.True(ids.Add(id));
            }
        }
    }
}
