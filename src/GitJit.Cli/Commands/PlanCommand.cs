using GitJit.Core.Decisions;
using GitJit.Core.Repository;
using GitJit.Core.Rendering;
using GitJit.Core.Yaml;

namespace GitJit.Cli.Commands;

/// <summary>Options of <c>gitjit plan FILE [--repo DIR] [--author LOGIN] [--approved-by LOGIN,…] [--teams FILE] [--format text|json]</c>.</summary>
public sealed record PlanOptions(string File, string Repository, string? Author, IReadOnlyList<string> ApprovedBy, string? TeamsFile, OutputFormat Format);

/// <summary>
/// Shows the decision and plan for one request exactly as the bot would comment it, by handing the bot's decider a
/// pull request that adds FILE to the repository at DIR. The author defaults to the request's requester;
/// approvals given with --approved-by count as approvals of the current commit.
/// </summary>
public sealed class PlanCommand(CliConsole console, TimeProvider timeProvider)
{
    /// <summary>The commit id a local plan stands for: the working tree.</summary>
    public const string WorkingTree = "working-tree";

    public async Task<int> RunAsync(PlanOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(options.Repository);
        // A relative FILE is looked for where the user stands, then inside the repository.
        var file = Path.GetFullPath(options.File);
        if (!File.Exists(file) && !Path.IsPathRooted(options.File)) file = Path.GetFullPath(options.File, root);
        if (!Directory.Exists(root) || !File.Exists(file))
        {
            await console.Error.WriteLineAsync($"gitjit plan: no such {(Directory.Exists(root) ? "file" : "directory")}: {(Directory.Exists(root) ? options.File : options.Repository)}").ConfigureAwait(false);
            return ExitCodes.UsageOrIo;
        }
        var path = Path.GetRelativePath(root, file).Replace('\\', '/');
        if (path.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(path))
        {
            await console.Error.WriteLineAsync($"gitjit plan: {options.File} is not inside the repository {options.Repository}; pass --repo").ConfigureAwait(false);
            return ExitCodes.UsageOrIo;
        }
        var teams = TeamsFile.Read(options.TeamsFile, out var problem);
        if (problem is not null)
        {
            await console.Error.WriteLineAsync($"gitjit plan: {problem}").ConfigureAwait(false);
            return ExitCodes.UsageOrIo;
        }

        // Read as the repository's file, so that a link on its way (the file, or a folder) is seen and not followed.
        var snapshot = new DirectorySnapshot(root);
        var request = await snapshot.ReadFileAsync(path, YamlLimits.Default.MaxBytes, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            await console.Error.WriteLineAsync($"gitjit plan: no such file in the repository: {path}").ConfigureAwait(false);
            return ExitCodes.UsageOrIo;
        }
        var content = request.Content.ToArray();
        var author = options.Author ?? (request.IsSymbolicLink ? null : RequesterOf(path, content)) ?? "unknown";
        var reviews = options.ApprovedBy
            .Select((login, i) => new Review(i + 1, login, ReviewState.Approved, WorkingTree, DateTimeOffset.UnixEpoch.AddSeconds(i)))
            .ToList();
        var facts = new PullRequestFacts(author, WorkingTree, [new ChangedFile(path, ChangeKind.Added, content, IsSymbolicLink: request.IsSymbolicLink)], reviews);

        var baseBranch = await AccessRepository.OpenAsync(snapshot, cancellationToken).ConfigureAwait(false);
        var decision = await PullRequestDecider.DecideAsync(baseBranch, facts, teams, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await console.Out.WriteLineAsync(options.Format == OutputFormat.Json ? Json.Write(decision) : PlanMarkdown.Render(decision)).ConfigureAwait(false);
        return decision.Status == DecisionStatus.Refused ? ExitCodes.Findings : ExitCodes.Clean;
    }

    private static string? RequesterOf(string path, byte[] content) =>
        SafeYamlReader.Read(path, content).Root is YamlMapping mapping && mapping["requester"] is YamlScalar requester ? requester.Value : null;
}
