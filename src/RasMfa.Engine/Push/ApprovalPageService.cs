using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Push
{
    /// <summary>The engine's front door for the approval page's setting: checked before it is stored.</summary>
    public sealed class ApprovalPageService
    {
        private readonly IApprovalPageStore _store;

        public ApprovalPageService(IApprovalPageStore store) => _store = store;

        public ApprovalPageDefinition Get() =>
            _store.Get() ?? throw new EngineException(EngineErrorKind.NotFound, "ApprovalPageNotSet", "No approval page is set in this store; Set-RasMfaApprovalPage sets one.");

        /// <summary>Null when the review did not approve it.</summary>
        public ApprovalPageDefinition? Set(ApprovalPageDefinition page, IChangeReview review)
        {
            var problem = page.Invalidity();
            if (problem != null) throw new EngineException(EngineErrorKind.InvalidArgument, "InvalidApprovalPage", "The approval page: " + problem);
            if (!review.Approve($"{page.Address}:{page.Port} ({page.PublicUrl})", _store.Get() == null ? "Set the approval page" : "Replace the approval page")) return null;
            _store.Set(page);
            return page;
        }

        public void Remove(IChangeReview review)
        {
            Get();
            if (review.Approve("approval page", "Remove the approval page (push is no longer offered)")) _store.Remove();
        }
    }
}
