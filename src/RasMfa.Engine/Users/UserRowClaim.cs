namespace RasMfa.Engine.Users
{
    /// <summary>
    /// Which stored user an import row may write, and what of it. Checked by the store in the row's own statement, so a
    /// user created by another source between reading and writing is never written over either.
    /// </summary>
    public enum UserRowClaim
    {
        /// <summary>Any user of that name, every field the row gives (CSV files, directory imports: the admin's own choice).</summary>
        Any,

        /// <summary>
        /// A new user, or one whose source is the row's <see cref="UserImportRow.SourceDirectory"/>: a user of another
        /// directory or tenant, or one made by hand, is refused (an Entra tenant's accounts).
        /// </summary>
        OwnSource,

        /// <summary>
        /// The existing user of the row's SourceDirectory who is the same person (an Entra user synchronised from that AD
        /// directory): its display name, and its e-mail and phone only where it has none. Never Enabled (the AD sync's) nor
        /// the source; refused when no such user is stored.
        /// </summary>
        SameUserOfSource,
    }
}
