namespace GitJit.Core.Decisions;

/// <summary>
/// The branches of an access repository whose merges may grant: the repository's default branch, or exactly the
/// branches the operator names (<c>GitJit:GrantingBranches</c>). Rules, approvals and the audit trail come only from
/// these; a request merged anywhere else is refused. The operator protects them (branch protection requiring the
/// <c>gitjit</c> check and code-owner review), so nobody can change their rules without review.
/// </summary>
public sealed class GrantingBranches
{
    private readonly string[] named;

    /// <param name="named">The branches that may grant; empty means the repository's default branch.</param>
    public GrantingBranches(IEnumerable<string>? named = null)
    {
        this.named = [.. (named ?? []).Where(b => !string.IsNullOrWhiteSpace(b)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The branches the operator named; empty when each repository's default branch grants.</summary>
    public IReadOnlyList<string> Named => named;

    /// <summary>Whether a request merged into <paramref name="branch"/> of a repository whose default branch is <paramref name="defaultBranch"/> may be granted.</summary>
    public bool Allows(string branch, string defaultBranch) =>
        named.Length == 0 ? string.Equals(branch, defaultBranch, StringComparison.Ordinal) : named.Contains(branch, StringComparer.Ordinal);

    /// <summary>
    /// Where the records of a pull request into <paramref name="branch"/> go: that branch when it may grant, otherwise
    /// the default branch when it may, otherwise the first named branch.
    /// </summary>
    public string RecordsBranch(string branch, string defaultBranch) =>
        Allows(branch, defaultBranch) ? branch : Allows(defaultBranch, defaultBranch) ? defaultBranch : named[0];

    /// <summary>The branches that may grant, as a sentence part: <c>'main' (the repository's default branch)</c> or <c>'main' and 'prod'</c>.</summary>
    public string Describe(string defaultBranch) =>
        named.Length == 0 ? $"{Text.Quote(defaultBranch, 100)} (the repository's default branch)" : Text.List(named.Select(b => Text.Quote(b, 100)));

    /// <summary>The finding for a request whose pull request targets <paramref name="branch"/>, which may not grant.</summary>
    public Finding NotGranting(string requestPath, string branch, string defaultBranch, bool merged) =>
        Finding.Error(requestPath, SourcePosition.File, "pr.base-not-granting",
            (merged ? $"merged into {Text.Quote(branch, 100)}" : $"this pull request targets {Text.Quote(branch, 100)}")
            + $", but only requests merged into {Describe(defaultBranch)} are granted"
            + (merged ? "" : ": change its base branch"));
}
