using System.Collections.Concurrent;
using GitJit.Core.Model;
using GitJit.Core.Repository;
using GitJit.Core.Yaml;

namespace GitJit.Core.Decisions;

/// <summary>What <c>gitjit validate</c> found: every finding, sorted, and how much was read.</summary>
public sealed record ValidationReport(IReadOnlyList<Finding> Findings, int Requests, int Policies)
{
    public int Count(Severity severity) => Findings.Count(f => f.Severity == severity);

    /// <summary>Clean means no errors and no warnings; notices only inform.</summary>
    public bool IsClean => Findings.All(f => f.Severity == Severity.Notice);
}

/// <summary>
/// Checks a whole access repository: its schemas and CODEOWNERS, every policy, and every request against the
/// current policies with <see cref="RequestRules"/> — the same rules the bot applies to a pull request.
/// The pull-request rules (one added file, requester = author, approvals) need a pull request and are not applied.
/// </summary>
public static class RepositoryValidator
{
    public static async Task<ValidationReport> ValidateAsync(IRepositorySnapshot snapshot, TeamDirectory teams, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Listing the folders overlaps with reading the schemas.
        var listing = Task.Run(() => Task.WhenAll(
            snapshot.ListFilesAsync(AccessRepository.PoliciesDirectory, cancellationToken),
            snapshot.ListFilesAsync(AccessRepository.RequestsDirectory, cancellationToken)), cancellationToken);
        var repository = await AccessRepository.OpenAsync(snapshot, cancellationToken).ConfigureAwait(false);
        var findings = new ConcurrentBag<Finding>(repository.Findings);

        var lists = await listing.ConfigureAwait(false);
        var policyFiles = FilesIn(AccessRepository.PoliciesDirectory, lists[0], findings);
        var resources = new List<string>();
        foreach (var path in policyFiles)
        {
            if (PolicyResource(path, out var problem) is { } resource) resources.Add(resource);
            else if (problem is not null) findings.Add(Finding.Warning(path, SourcePosition.File, "policy.location", problem));
        }
        var requestFiles = FilesIn(AccessRepository.RequestsDirectory, lists[1], findings).Where(p => !IsIgnored(p)).ToList();

        // Policies first, then requests: a request waits only for its own policy, which is read once.
        var checks = resources.Select(resource => (Func<CancellationToken, Task<IReadOnlyList<Finding>>>)(token => PolicyFindingsAsync(repository, resource, token)))
            .Concat(requestFiles.Select(path => (Func<CancellationToken, Task<IReadOnlyList<Finding>>>)(token => RequestFindingsAsync(repository, path, teams, now, token))));
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(checks, options, async (check, token) =>
        {
            foreach (var finding in await check(token).ConfigureAwait(false)) findings.Add(finding);
        }).ConfigureAwait(false);

        var sorted = findings.ToList();
        sorted.Sort(Finding.Order);
        return new ValidationReport(sorted, requestFiles.Count, resources.Count);
    }

    /// <summary>The files listed in <paramref name="directory"/>; a folder that is a symbolic link lists as itself: a finding.</summary>
    private static IEnumerable<string> FilesIn(string directory, IReadOnlyList<string> listing, ConcurrentBag<Finding> findings)
    {
        if (!listing.Contains(directory, StringComparer.Ordinal)) return listing;
        findings.Add(Finding.Error(directory, SourcePosition.File, "repo.symlink", $"{directory}/ must be a folder, not a symbolic link; nothing behind it is read"));
        return listing.Where(p => !string.Equals(p, directory, StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<Finding>> PolicyFindingsAsync(AccessRepository repository, string resource, CancellationToken cancellationToken) =>
        (await repository.PolicyAsync(resource, cancellationToken).ConfigureAwait(false))?.Findings ?? [];

    private static async Task<IReadOnlyList<Finding>> RequestFindingsAsync(AccessRepository repository, string path, TeamDirectory teams, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var file = await repository.Snapshot.ReadFileAsync(path, YamlLimits.Default.MaxBytes, cancellationToken).ConfigureAwait(false);
        if (file is null) return [];
        if (file.IsSymbolicLink)
        {
            return [Finding.Error(path, SourcePosition.File, "repo.symlink", "a request must be a regular file, not a symbolic link")];
        }
        var evaluation = await RequestRules.EvaluateAsync(repository, path, file.Content, teams, now, cancellationToken).ConfigureAwait(false);
        return evaluation.Findings;
    }

    /// <summary>Dot-files (.gitkeep) and READMEs may sit beside requests.</summary>
    private static bool IsIgnored(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name.StartsWith('.') || name.Equals("README.md", StringComparison.OrdinalIgnoreCase);
    }

    private static string? PolicyResource(string path, out string? problem)
    {
        problem = null;
        var name = path[(AccessRepository.PoliciesDirectory.Length + 1)..];
        if (IsIgnored(path)) return null;
        if (name.Contains('/', StringComparison.Ordinal))
        {
            problem = "policies sit directly in policies/; this file is ignored";
            return null;
        }
        if (!name.EndsWith(".yaml", StringComparison.Ordinal))
        {
            problem = "a policy file is named <resource>.yaml; this file is ignored";
            return null;
        }
        return name[..^".yaml".Length];
    }
}
