using System.Text.RegularExpressions;

namespace GitJit.Server.Tests.GitHubFaults;

/// <summary>When in an access pull request's life a route is asked: its opening, its approval, its merge.</summary>
internal enum FlowStep
{
    Open,
    Approve,
    Merge,
}

/// <summary>
/// A route of GitHub's REST API that the bot calls, the step of the flow in which a fault is injected into it, and
/// whether the bot writes through it (a write can be carried out by GitHub and still answered with an error).
/// </summary>
internal sealed record GitHubRoute(string Name, FlowStep Step, string Method, Regex Path, bool Writes = false)
{
    public bool Matches(string method, string path) => string.Equals(method, Method, StringComparison.OrdinalIgnoreCase) && Path.IsMatch(path);
}

/// <summary>The routes the bot's pull-request and merge jobs depend on, by name.</summary>
internal static partial class GitHubRoutes
{
    public const string InstallationToken = "installation token";

    public static IReadOnlyList<GitHubRoute> All { get; } =
    [
        new(InstallationToken, FlowStep.Open, "POST", AccessTokens(), Writes: true),
        new("pull request read", FlowStep.Merge, "GET", PullRequest()),
        new("pull request files read", FlowStep.Open, "GET", Files()),
        new("reviews read", FlowStep.Approve, "GET", Reviews()),
        new("contents read", FlowStep.Merge, "GET", Contents()),
        new("check run create", FlowStep.Open, "POST", CheckRuns(), Writes: true),
        new("comments read", FlowStep.Merge, "GET", IssueComments()),
        new("plan comment create", FlowStep.Open, "POST", IssueComments(), Writes: true),
        new("plan comment update", FlowStep.Approve, "PATCH", IssueComment(), Writes: true),
        new("granted comment create", FlowStep.Merge, "POST", IssueComments(), Writes: true),
    ];

    public static GitHubRoute Named(string name) => All.Single(r => r.Name == name);

    [GeneratedRegex(@"^/api/v3/app/installations/\d+/access_tokens$")]
    private static partial Regex AccessTokens();

    [GeneratedRegex(@"^/api/v3/repos/acme/access/pulls/\d+$")]
    private static partial Regex PullRequest();

    [GeneratedRegex(@"^/api/v3/repos/acme/access/pulls/\d+/files$")]
    private static partial Regex Files();

    [GeneratedRegex(@"^/api/v3/repos/acme/access/pulls/\d+/reviews$")]
    private static partial Regex Reviews();

    [GeneratedRegex(@"^/api/v3/repos/acme/access/contents(/.*)?$")]
    private static partial Regex Contents();

    [GeneratedRegex(@"^/api/v3/repos/acme/access/check-runs$")]
    private static partial Regex CheckRuns();

    [GeneratedRegex(@"^/api/v3/repos/acme/access/issues/\d+/comments$")]
    private static partial Regex IssueComments();

    [GeneratedRegex(@"^/api/v3/repos/acme/access/issues/comments/\d+$")]
    private static partial Regex IssueComment();
}
