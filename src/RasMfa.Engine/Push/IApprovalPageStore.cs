namespace RasMfa.Engine.Push
{
    /// <summary>The store's one approval page setting (every server sharing the store serves the same page).</summary>
    public interface IApprovalPageStore
    {
        /// <summary>Null when none is set: push is not offered.</summary>
        ApprovalPageDefinition? Get();

        void Set(ApprovalPageDefinition page);

        /// <summary>False when none was set.</summary>
        bool Remove();
    }
}
