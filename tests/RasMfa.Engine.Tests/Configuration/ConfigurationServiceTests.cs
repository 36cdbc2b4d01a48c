using System;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Tests.Administration;
using Xunit;

namespace RasMfa.Engine.Tests.Configuration
{
    public sealed class ConfigurationServiceTests : IDisposable
    {
        private readonly TemporaryStore _temporary = new TemporaryStore();
        private readonly ConfigurationService _configuration;

        public ConfigurationServiceTests() => _configuration = new ConfigurationService(_temporary.Store.Settings);

        [Fact]
        public void A_value_out_of_range_is_invalid_before_anyone_is_asked_and_nothing_is_written()
        {
            var review = new RecordingReview();
            var error = Assert.ThrowsAny<EngineException>(() => _configuration.Change(s => { s.LockoutMinutes = 5; s.LockoutThreshold = 101; }, review));
            Assert.Equal(("InvalidConfiguration", EngineErrorKind.InvalidArgument), (error.ErrorId, error.Kind));
            Assert.Empty(review.Asked);
            Assert.Equal(15, _configuration.Get().LockoutMinutes);
        }

        [Fact]
        public void An_approved_change_is_written_and_a_declined_one_is_not()
        {
            Assert.Null(_configuration.Change(s => s.LockoutThreshold = 3, new RecordingReview(approve: false)));
            Assert.Equal(10, _configuration.Get().LockoutThreshold);
            Assert.Equal(3, _configuration.Change(s => s.LockoutThreshold = 3, new RecordingReview())!.LockoutThreshold);
            Assert.Equal(3, _configuration.Get().LockoutThreshold);
        }

        [Fact]
        public void DuplicateWaitSeconds_is_kept_within_the_minute_an_answer_is_kept_under_its_request()
        {
            Assert.Equal(20, _configuration.Get().DuplicateWaitSeconds);
            foreach (var outOfRange in new[] { 0, 51 })
                Assert.Equal("InvalidConfiguration", Assert.ThrowsAny<EngineException>(() => _configuration.Change(s => s.DuplicateWaitSeconds = outOfRange, new RecordingReview())).ErrorId);
            Assert.Equal(40, _configuration.Change(s => s.DuplicateWaitSeconds = 40, new RecordingReview())!.DuplicateWaitSeconds);
            Assert.Equal(40, _configuration.Get().DuplicateWaitSeconds);
        }

        public void Dispose() => _temporary.Dispose();
    }
}
