using System.Globalization;
using GitJit.Core;
using GitJit.Core.Audit;
using LibGit2Sharp;

namespace GitJit.Audit;

/// <summary>Reads the files under <c>audit/</c> of a commit's tree.</summary>
internal static class AuditTree
{
    /// <summary>Deeper than audit/&lt;pull&gt;/&lt;file&gt;.json is never a record; a hostile tree is not walked further.</summary>
    private const int MaxDepth = 3;

    /// <summary>Every entry under audit/ that is not a folder (or a folder too deep to hold records), by path in ordinal order.</summary>
    public static IReadOnlyList<(string Path, TreeEntry Entry)> Files(Commit? commit)
    {
        var files = new List<(string, TreeEntry)>();
        if (commit?.Tree[AuditPaths.Folder] is { TargetType: TreeEntryTargetType.Tree } audit) Walk((Tree)audit.Target, AuditPaths.Folder, 1, files);
        files.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return files;
    }

    public static AuditSnapshot Read(Repository repository, Commit? tip) => Read(tip, Files(tip));

    /// <summary>Only one pull request's records (<c>audit/&lt;pull&gt;/</c>): what a job about that pull request needs, however long the trail.</summary>
    public static AuditSnapshot Read(Commit? tip, int pullRequest)
    {
        var folder = $"{AuditPaths.Folder}/{pullRequest.ToString(CultureInfo.InvariantCulture)}";
        var files = new List<(string, TreeEntry)>();
        if (tip?.Tree[folder] is { TargetType: TreeEntryTargetType.Tree } records) Walk((Tree)records.Target, folder, 2, files);
        files.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return Read(tip, files);
    }

    private static AuditSnapshot Read(Commit? tip, IReadOnlyList<(string Path, TreeEntry Entry)> files)
    {
        var records = new List<AuditRecord>();
        var problems = new List<AuditAnomaly>();
        foreach (var (path, entry) in files)
        {
            if (Parse(path, entry, out var problem) is { } record) records.Add(record);
            else problems.Add(problem!);
        }
        return new AuditSnapshot(tip?.Sha, records, problems);
    }

    /// <summary>The record in a file, or the anomaly that says why there is none (unexpected path, unreadable, path mismatch).</summary>
    public static AuditRecord? Parse(string path, TreeEntry entry, out AuditAnomaly? problem)
    {
        if (!AuditPaths.TryParse(path, out var pullRequest, out var auditEvent, out var sequence) || entry.Mode != Mode.NonExecutableFile && entry.Mode != Mode.ExecutableFile)
        {
            problem = new AuditAnomaly(AuditAnomalyCodes.RecordUnexpectedPath, "not a record file: records are regular files at audit/<pull>/<event>.json or audit/<pull>/credentials-issued-<n>.json") { Path = path };
            return null;
        }
        var blob = (Blob)entry.Target;
        if (blob.Size > AuditJson.MaxBytes)
        {
            problem = new AuditAnomaly(AuditAnomalyCodes.RecordUnreadable, $"the record is {blob.Size} bytes; at most {AuditJson.MaxBytes} are read") { Path = path };
            return null;
        }
        using var stream = blob.GetContentStream();
        var content = new byte[blob.Size];
        stream.ReadExactly(content);
        if (!AuditJson.TryRead(content, out var record, out var reason))
        {
            problem = new AuditAnomaly(AuditAnomalyCodes.RecordUnreadable, reason) { Path = path };
            return null;
        }
        if (record.PullRequest != pullRequest || record.Event != auditEvent || record.Sequence != sequence)
        {
            problem = new AuditAnomaly(AuditAnomalyCodes.RecordPathMismatch,
                $"holds a {AuditPaths.Name(record.Event)} record for pull request {Number(record.PullRequest)}" + (record.Sequence is { } held ? $", sequence {Number(held)}" : sequence is null ? "" : ", without a sequence"))
            { Path = path, Request = record.Request };
            return null;
        }
        // The grant id names the pull request too (owner/repo#N): a record filed under one number must not speak for another.
        if (!record.Request.EndsWith("#" + pullRequest.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            problem = new AuditAnomaly(AuditAnomalyCodes.RecordPathMismatch, $"holds a record of grant {Text.Quote(record.Request, 100)}, not of pull request {Number(pullRequest)}")
            { Path = path, Request = record.Request };
            return null;
        }
        problem = null;
        return record;
    }

    private static string Number(int? number) => number?.ToString(CultureInfo.InvariantCulture) ?? "(none)";

    private static void Walk(Tree tree, string prefix, int depth, List<(string, TreeEntry)> files)
    {
        foreach (var entry in tree)
        {
            var path = prefix + "/" + entry.Name;
            if (entry.TargetType == TreeEntryTargetType.Tree && depth < MaxDepth) Walk((Tree)entry.Target, path, depth + 1, files);
            else files.Add((path, entry));
        }
    }
}
