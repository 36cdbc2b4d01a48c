namespace RasMfa.Engine.Administration
{
    /// <summary>
    /// The admin's side of a change: hears warnings about it and approves it or not. The cmdlets answer with
    /// WriteWarning and ShouldProcess, so -WhatIf and -Confirm see a change only once it has passed every check.
    /// </summary>
    public interface IChangeReview
    {
        void Warn(string message);

        bool Approve(string target, string action);
    }
}
