using System;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Sqlite;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.Copy
{
    /// <summary>
    /// Review R2 (store secrets): -SkipUnreadable copies a secret the source's key cannot open "sealed as it is", and the
    /// cmdlet says it stays unusable in the destination. A secret sealed with the destination's own key (moved there by
    /// whoever can write the source: a staging database, a file handed over) is not unusable there: it opens, in the record
    /// it was moved to. Here the destination's TOTP secret of one user becomes the secret of a spare token.
    /// </summary>
    public sealed class StoreCopyUnreadableReviewTests : IDisposable
    {
        private readonly StoreCopyWorld _world = new StoreCopyWorld();

        public void Dispose() => _world.Dispose();

        [Fact]
        public void A_secret_copied_as_unreadable_is_unusable_in_the_destination_even_when_the_destinations_key_opens_its_octets()
        {
            _world.Populate("destination");
            _world.Populate("source");
            var destinationsSealed = _world.Text("destination", $"SELECT hex(secret) FROM otp_token WHERE serial = '{StoreCopyWorld.UsedTotpSerial}'");
            _world.Execute("source", $"UPDATE otp_token SET secret = X'{destinationsSealed}' WHERE serial = 'SPARE'");

            var summary = _world.Copy("source", "destination", clear: true, copyUnreadable: true);
            Assert.Contains("token 'SPARE'", summary.UnreadableCopiedAsIs); // reported to the admin as unusable

            using var destination = new SqliteStore(_world.PathOf("destination"));
            // Fails: the spare token opens, with alice's TOTP secret.
            Assert.Throws<StoreException>(() => destination.Tokens.GetBySerial("SPARE"));
        }
    }
}
