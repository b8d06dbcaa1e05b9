namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// A pull request never modifies, removes, renames or copies an existing request (nor renames a file into
/// <c>access-requests/</c>): requests are only ever added. One finding per such file.
/// </summary>
internal sealed class RequestsUnchangedRule : IPullRequestRule
{
    private const string Code = "pr.request-changed";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(PullRequestContext pullRequest) =>
        pullRequest.Touched.Where(f => f.Kind != ChangeKind.Added).Select(file => Finding.Error(file.Path, SourcePosition.File, Code,
            $"this pull request {Verb(file.Kind)} an existing request; requests are never edited: open a new pull request that adds a new file"));

    private static string Verb(ChangeKind kind) => kind switch
    {
        ChangeKind.Removed => "removes",
        ChangeKind.Renamed => "renames",
        ChangeKind.Copied => "copies",
        _ => "modifies",
    };
}
