using GitJit.Cli.GitHub;
using GitJit.Cli.Requesting;
using GitJit.Core;
using GitJit.Core.Decisions;
using GitJit.Core.Model;
using LibGit2Sharp;

namespace GitJit.Cli.Commands;

/// <summary>
/// Options of <c>gitjit request RESOURCE --role R --for 2h --reason "…" [--ticket T] [--table schema.t …] [--start TIME] [--dry-run]
/// [--requester LOGIN] [--repo DIR]</c>.
/// </summary>
public sealed record RequestOptions(
    string Resource, string Role, string Duration, string Reason, string? Ticket, IReadOnlyList<string> Tables, bool DryRun, string? Requester, string Repository)
{
    /// <summary><c>--emergency</c>: a break-glass request, granted when its pull request opens where the role allows it.</summary>
    public bool Emergency { get; init; }

    /// <summary>When access is to begin, as <c>--start</c> wrote it (an ISO-8601 date and time with an offset); null to begin at merge.</summary>
    public string? Start { get; init; }
}

/// <summary>
/// Writes a request file, checks it with <c>gitjit validate</c>'s rules against the repository on disk, and (unless
/// <c>--dry-run</c>) commits it alone on a new branch from origin's default branch, pushes the branch and opens the pull
/// request, printing its URL. Nothing is created when the request has findings (exit 1). Exit 2: usage, git or GitHub
/// failure.
/// </summary>
public sealed class RequestCommand(CliConsole console, CliEnvironment environment, TimeProvider timeProvider)
{
    private string? token;

    public async Task<int> RunAsync(RequestOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Names.IsSlug(options.Resource)) return await FailAsync($"{Text.Quote(options.Resource)} is not a resource name: lower-case letters, digits and inner hyphens").ConfigureAwait(false);
        if (!GrantDuration.TryParse(options.Duration, out _, out var durationProblem)) return await FailAsync("--for: " + durationProblem).ConfigureAwait(false);
        if (options.DryRun && options.Requester is null) return await FailAsync("--dry-run touches neither git nor GitHub: say who asks with --requester LOGIN").ConfigureAwait(false);
        if (!options.DryRun && options.Requester is not null) return await FailAsync("--requester goes with --dry-run only: a pull request's requester is its author, the token's user").ConfigureAwait(false);
        if (options.Requester is not null && !Names.IsLogin(options.Requester)) return await FailAsync($"--requester: {Text.Quote(options.Requester)} is not a GitHub login").ConfigureAwait(false);
        try
        {
            return options.DryRun ? await DryRunAsync(options, cancellationToken).ConfigureAwait(false) : await RequestAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (GitHubApiException e)
        {
            return await FailAsync(e.Message).ConfigureAwait(false);
        }
        catch (LibGit2SharpException e)
        {
            return await FailAsync("git: " + e.Message).ConfigureAwait(false);
        }
    }

    private async Task<int> DryRunAsync(RequestOptions options, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(options.Repository);
        if (!Directory.Exists(root)) return await FailAsync($"no such directory: {options.Repository}").ConfigureAwait(false);
        var file = FileFor(options, options.Requester!);
        if (!await IsValidAsync(root, file, cancellationToken).ConfigureAwait(false)) return ExitCodes.Findings;
        if (await InTheWayAsync(root, file).ConfigureAwait(false)) return ExitCodes.UsageOrIo;
        var full = Path.Combine(root, file.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllBytesAsync(full, file.Content, cancellationToken).ConfigureAwait(false);
        await console.Out.WriteLineAsync(options.Repository == "." ? file.Path : Path.Join(options.Repository, file.Path)).ConfigureAwait(false);
        return ExitCodes.Clean;
    }

    private async Task<int> RequestAsync(RequestOptions options, CancellationToken cancellationToken)
    {
        using var clone = RequestClone.Open(options.Repository, out var cloneProblem);
        if (clone is null) return await FailAsync(cloneProblem!).ConfigureAwait(false);
        if (GitHubApi.UrlFrom(environment, out var urlProblem) is not { } apiUrl) return await FailAsync(urlProblem!).ConfigureAwait(false);
        if (GitHubToken.Find(environment, GitHubApi.HostOf(apiUrl)) is not { } found)
        {
            return await FailAsync($"no GitHub token to push the branch and open the pull request with: {GitHubToken.Sources}; or write the file alone with --dry-run --requester LOGIN").ConfigureAwait(false);
        }
        token = found.Value;
        var api = new GitHubApi(apiUrl, found);
        var login = await api.CurrentLoginAsync().ConfigureAwait(false);
        var file = FileFor(options, login);

        if (!await IsValidAsync(clone.Root, file, cancellationToken).ConfigureAwait(false)) return ExitCodes.Findings;
        if (await InTheWayAsync(clone.Root, file).ConfigureAwait(false)) return ExitCodes.UsageOrIo;
        if (clone.HasFileOnDefaultBranch(file.Path)) return await FailAsync($"{file.Path} is already on {clone.DefaultBranch}; give another --reason, whose first words name the file").ConfigureAwait(false);
        if (clone.HasBranch(file.Branch)) return await FailAsync($"a branch {file.Branch} already exists; delete it (git branch -D, or on origin) or give another --reason").ConfigureAwait(false);
        if (clone.CheckedOutBranch != clone.DefaultBranch)
        {
            await console.Error.WriteLineAsync($"gitjit request: note: checked against the policies in your working tree, which is on {clone.CheckedOutBranch ?? "a detached HEAD"}, not {clone.DefaultBranch}").ConfigureAwait(false);
        }

        var title = $"Access request: {file.Role} on {file.Resource} for {file.Duration} ({login})";
        var commit = clone.CommitOneFile(file.Branch, file.Path, file.Content, title + "\n\n" + file.Reason + "\n", clone.Signature(login, timeProvider.GetUtcNow()));
        string? refusal;
        try
        {
            refusal = clone.Push(file.Branch, found.Value);
        }
        catch (LibGit2SharpException e)
        {
            refusal = e.Message;
        }
        if (refusal is not null)
        {
            clone.DeleteBranch(file.Branch);
            return await FailAsync($"pushing {file.Branch} to origin failed: {refusal}; nothing was requested").ConfigureAwait(false);
        }
        await console.Error.WriteLineAsync($"gitjit request: pushed {file.Branch} ({commit.Sha[..7]}: {file.Path}) to origin").ConfigureAwait(false);

        try
        {
            var (_, htmlUrl) = await api.OpenPullRequestAsync(clone.Origin.Owner, clone.Origin.Name, title, file.Branch, clone.DefaultBranch, Body(file)).ConfigureAwait(false);
            await console.Out.WriteLineAsync(htmlUrl).ConfigureAwait(false);
            return ExitCodes.Clean;
        }
        catch (GitHubApiException e)
        {
            var compare = $"{GitHubApi.WebUrlOf(apiUrl)}{clone.Origin.Owner}/{clone.Origin.Name}/compare/{clone.DefaultBranch}...{file.Branch}";
            return await FailAsync($"{e.Message}; the branch {file.Branch} is pushed: open the pull request at {compare}").ConfigureAwait(false);
        }
    }

    private static RequestFile FileFor(RequestOptions options, string requester) =>
        new(requester, options.Resource, options.Role, options.Duration, options.Reason, options.Ticket, options.Tables) { Emergency = options.Emergency, Start = options.Start };

    private static string Body(RequestFile file) =>
        $"""
        **{file.Requester}** asks for the **{file.Role}** role on **{file.Resource}** for **{file.Duration}**{(file.Emergency ? ", in an emergency (break-glass): granted when this pull request opens; a code owner must approve it afterwards" : "")}.

        > {file.Reason}

        {(file.Ticket is null ? "" : $"Ticket: {file.Ticket}\n\n")}{(file.Start is null ? "" : $"Starting {file.Start}.\n\n")}The request is `{file.Path}`; GitJit's check and plan comment say who must approve it.

        _Opened with `gitjit request`._
        """;

    /// <summary>The repository's validation with the file added; its findings printed like <c>gitjit validate</c> prints them.</summary>
    private async Task<bool> IsValidAsync(string root, RequestFile file, CancellationToken cancellationToken)
    {
        var snapshot = new SnapshotWithFile(new DirectorySnapshot(root), file.Path, file.Content);
        var report = await RepositoryValidator.ValidateAsync(snapshot, TeamDirectory.Unknown, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var findings = report.Findings.Where(f => string.Equals(f.Path, file.Path, StringComparison.Ordinal)).ToList();
        var refused = findings.Any(f => f.Severity != Severity.Notice);
        foreach (var finding in findings)
        {
            await (refused ? console.Out : console.Error).WriteLineAsync(FindingWriter.Text(finding)).ConfigureAwait(false);
        }
        if (!refused) return true;
        await console.Error.WriteLineAsync(
            $"gitjit request: {findings.Count(f => f.Severity == Severity.Error)} error(s), {findings.Count(f => f.Severity == Severity.Warning)} warning(s): nothing was written, no branch made").ConfigureAwait(false);
        return false;
    }

    private async Task<bool> InTheWayAsync(string root, RequestFile file)
    {
        var full = Path.Combine(root, file.Path);
        if (!File.Exists(full) && !Directory.Exists(full) && new FileInfo(full).LinkTarget is null) return false;
        await FailAsync($"{file.Path} is already in the working tree; remove it or give another --reason, whose first words name the file").ConfigureAwait(false);
        return true;
    }

    private async Task<int> FailAsync(string message)
    {
        if (token is { Length: > 0 }) message = message.Replace(token, "***", StringComparison.Ordinal);
        await console.Error.WriteLineAsync("gitjit request: " + message).ConfigureAwait(false);
        return ExitCodes.UsageOrIo;
    }
}
