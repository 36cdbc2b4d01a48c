using System.IO;
using RasMfa.Engine.Security;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Administration;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>A SQLite store has no shared key: escrow, join and rotation say so, and what applies instead.</summary>
    public sealed class StoreKeyServiceTests
    {
        [Fact]
        public void On_a_SQLite_store_the_key_operations_are_refused_and_say_what_applies_there()
        {
            var database = Path.Combine(Path.GetTempPath(), "rasmfa-never-" + System.Guid.NewGuid().ToString("N"), "rasmfa.db");
            var selection = new StoreSelection(StoreKind.Sqlite, database, null, null, StoreSelectionSource.Environment, Path.Combine(Path.GetTempPath(), "store.json"));
            var escrow = Assert.Throws<StoreKeyException>(() => StoreKeyService.AddEscrow(selection, "correct horse battery staple", false, new RecordingReview()));
            Assert.Equal(StoreKeyService.NotSharedErrorId, escrow.ErrorId);
            Assert.Contains("rasmfa.key", escrow.Message);
            Assert.Contains("Copy-RasMfaStore", escrow.Message);
            Assert.Equal(StoreKeyService.NotSharedErrorId, Assert.Throws<StoreKeyException>(() => StoreKeyService.Join(selection, "correct horse battery staple", new RecordingReview())).ErrorId);
            Assert.Equal(StoreKeyService.NotSharedErrorId, Assert.Throws<StoreKeyException>(() => StoreKeyService.Rotate(selection, "correct horse battery staple", new RecordingReview())).ErrorId);
            Assert.Null(StoreKeyService.Status(selection));
            Assert.False(File.Exists(database) || Directory.Exists(Path.GetDirectoryName(database)));
        }
    }
}
