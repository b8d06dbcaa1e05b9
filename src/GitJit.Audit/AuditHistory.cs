using GitJit.Core;
using GitJit.Core.Audit;
using LibGit2Sharp;

namespace GitJit.Audit;

/// <summary>
/// Reads the audit trail from a local clone or bare repository: every record under <c>audit/</c> at a revision, each
/// with the commit that added it, and what history says went wrong — a record changed or deleted after it was added,
/// a record added by a commit whose trailers name another request or event, files that are not readable records.
/// History is read along first parents, oldest first (the bot's history is linear; a merge counts as one change).
/// </summary>
public static class AuditHistory
{
    /// <summary>The git folder of the repository at or above <paramref name="path"/>, or null when there is none.</summary>
    public static string? FindRepository(string path) => Repository.Discover(path);

    /// <inheritdoc cref="Read(string, DateTimeOffset?, string)"/>
    public static AuditHistoryReport Read(string repositoryPath, DateTimeOffset? since) => Read(repositoryPath, since, "HEAD");

    /// <summary>
    /// Reads the trail at <paramref name="revision"/>. With <paramref name="since"/>, keeps the whole story (every
    /// entry) of each grant that has a record added at or after it, and the anomalies of commits at or after it.
    /// </summary>
    /// <exception cref="RepositoryNotFoundException">No repository at <paramref name="repositoryPath"/>.</exception>
    /// <exception cref="NotFoundException"><paramref name="revision"/> names no commit.</exception>
    public static AuditHistoryReport Read(string repositoryPath, DateTimeOffset? since, string revision)
    {
        ArgumentNullException.ThrowIfNull(repositoryPath);
        ArgumentNullException.ThrowIfNull(revision);
        using var repository = new Repository(repositoryPath);
        if (revision == "HEAD" && repository.Info.IsHeadUnborn) return new AuditHistoryReport(null, [], []);
        var tip = repository.Lookup<Commit>(revision) ?? throw new NotFoundException($"{revision} is not a commit.");

        var walk = new HistoryWalk(repository);
        walk.Run(tip);
        var entries = new List<AuditEntry>();
        var anomalies = new List<AuditAnomaly>(walk.Anomalies);
        foreach (var (path, entry) in AuditTree.Files(tip))
        {
            var (addedBy, lastChange) = walk.Files.TryGetValue(path, out var file) ? (file.AddedBy, file.LastChange) : (tip, tip);
            if (AuditTree.Parse(path, entry, out var problem) is { } record)
            {
                entries.Add(new AuditEntry(path, record, addedBy.Sha, addedBy.Committer.When.ToUniversalTime()));
            }
            else
            {
                anomalies.Add(problem! with { CommitId = lastChange.Sha, CommitTime = lastChange.Committer.When.ToUniversalTime() });
            }
        }
        return since is { } from ? Since(tip.Sha, entries, anomalies, from) : new AuditHistoryReport(tip.Sha, entries, anomalies);
    }

    private static AuditHistoryReport Since(string tip, List<AuditEntry> entries, List<AuditAnomaly> anomalies, DateTimeOffset since)
    {
        var recent = entries.Where(e => e.AddedAt >= since).Select(e => e.Record.Request).ToHashSet(StringComparer.Ordinal);
        return new AuditHistoryReport(
            tip,
            [.. entries.Where(e => recent.Contains(e.Record.Request))],
            [.. anomalies.Where(a => a.CommitTime is not { } at || at >= since)]);
    }

    /// <summary>Follows each file under audit/ from the commit that added it.</summary>
    private sealed class HistoryWalk(Repository repository)
    {
        private static readonly CompareOptions Exact = new() { Similarity = SimilarityOptions.None, IncludeUnmodified = false, ContextLines = 0 };

        public Dictionary<string, (Commit AddedBy, Commit LastChange)> Files { get; } = new(StringComparer.Ordinal);

        public List<AuditAnomaly> Anomalies { get; } = [];

        public void Run(Commit tip)
        {
            var commits = repository.Commits.QueryBy(new CommitFilter
            {
                IncludeReachableFrom = tip,
                SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Reverse,
                FirstParentOnly = true,
            });
            foreach (var commit in commits)
            {
                var parent = commit.Parents.FirstOrDefault();
                if (parent?.Tree[AuditPaths.Folder]?.Target.Id == commit.Tree[AuditPaths.Folder]?.Target.Id) continue;
                var changes = repository.Diff.Compare<TreeChanges>(parent?.Tree, commit.Tree, [AuditPaths.Folder + "/"], Exact);
                foreach (var change in changes)
                {
                    Apply(commit, change);
                }
            }
        }

        private void Apply(Commit commit, TreeEntryChanges change)
        {
            var path = change.Path;
            var known = Files.TryGetValue(path, out var file);
            // Stray files under audit/ are reported where they stand at the tip; only records have a history to keep.
            var isRecord = AuditPaths.TryParse(path, out _, out _, out _);
            switch (change.Status)
            {
                case ChangeKind.Added:
                    Files[path] = (commit, commit);
                    CheckTrailers(commit, path);
                    break;
                case ChangeKind.Deleted:
                    Files.Remove(path);
                    if (isRecord) Report(AuditAnomalyCodes.HistoryDeleted, commit, path, $"deleted by {Short(commit)}" + (known ? $" after {Short(file.AddedBy)} added it" : ""));
                    break;
                default:
                    Files[path] = known ? (file.AddedBy, commit) : (commit, commit);
                    if (isRecord) Report(AuditAnomalyCodes.HistoryModified, commit, path, $"changed by {Short(commit)}" + (known ? $" after {Short(file.AddedBy)} added it" : ""));
                    break;
            }
        }

        private void CheckTrailers(Commit commit, string path)
        {
            if (commit[path] is not { } entry || AuditTree.Parse(path, entry, out _) is not { } record) return;
            var trailers = AuditCommitMessage.Trailers(commit.Message);
            var requests = trailers.Where(t => t.Key == AuditCommitMessage.RequestTrailer).Select(t => t.Value).ToList();
            var events = trailers.Where(t => t.Key == AuditCommitMessage.EventTrailer).Select(t => t.Value).ToList();
            var name = AuditPaths.Name(record.Event);
            if (requests is [var request] && request == record.Request && events is [var auditEvent] && auditEvent == name) return;
            var said = requests.Count == 0 ? "no GitJit-Request trailer" : $"GitJit-Request: {Text.Quote(string.Join(", ", requests), 200)}";
            var saidEvent = events.Count == 0 ? "no GitJit-Event trailer" : $"GitJit-Event: {Text.Quote(string.Join(", ", events))}";
            Anomalies.Add(new AuditAnomaly(
                AuditAnomalyCodes.HistoryCommitMismatch,
                $"added by {Short(commit)}, whose message has {said} and {saidEvent}; the record is {name} {record.Request}")
            {
                Request = record.Request, Path = path, CommitId = commit.Sha, CommitTime = commit.Committer.When.ToUniversalTime(),
            });
        }

        private void Report(string code, Commit commit, string path, string message) =>
            Anomalies.Add(new AuditAnomaly(code, message) { Path = path, CommitId = commit.Sha, CommitTime = commit.Committer.When.ToUniversalTime() });

        private static string Short(Commit commit) => commit.Sha[..10];
    }
}
