namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// A named rule of the decision. It declares every finding code it may report, and no other rule declares them, so a
/// finding's code names the one rule that reported it. A code ending in <c>.*</c> stands for a family (the reader's
/// <c>yaml.*</c>).
/// </summary>
internal interface IRule
{
    IReadOnlyList<string> Codes { get; }

    /// <summary>Whether <paramref name="code"/> is one of <see cref="Codes"/>, or in one of its families.</summary>
    bool Declares(string code) => Codes.Any(declared => declared.EndsWith(".*", StringComparison.Ordinal)
        ? code.StartsWith(declared[..^1], StringComparison.Ordinal)
        : string.Equals(code, declared, StringComparison.Ordinal));
}

/// <summary>A static rule: what can be said of one request file from the base branch alone.</summary>
internal interface IRequestRule : IRule
{
    /// <summary>Every finding of this rule for the request; none when it holds or does not apply.</summary>
    IEnumerable<Finding> Check(RequestContext request);
}

/// <summary>A rule of the pull request that adds a request: its files, its commits, its author.</summary>
internal interface IPullRequestRule : IRule
{
    /// <summary>Every finding of this rule for the pull request; none when it holds or does not apply.</summary>
    IEnumerable<Finding> Check(PullRequestContext pullRequest);
}
