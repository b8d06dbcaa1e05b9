using System.Text;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// The files a pull request changes, by comparing its base and head trees: added, removed, modified,
/// changed (file ↔ symlink with equal bytes) and renamed (a removed and an added path with the same blob).
/// Line counts compare lines as multisets, not as an ordered diff; binary files count zero lines.
/// </summary>
internal static class PullRequestDiff
{
    /// <summary>GitHub lists at most 3000 files for a pull request.</summary>
    public const int MaxFiles = 3000;

    public static IReadOnlyList<PullRequestFilePayload> Files(FakeRepository repository, FakeTree baseTree, FakeTree headTree, string headSha)
    {
        var before = baseTree.Entries;
        var after = headTree.Entries;
        var added = after.Keys.Where(p => !before.ContainsKey(p)).ToList();
        var removed = before.Keys.Where(p => !after.ContainsKey(p)).ToList();
        var files = new List<PullRequestFilePayload>();

        foreach (var path in after.Keys.Where(before.ContainsKey))
        {
            var (old, now) = (before[path], after[path]);
            if (old.Sha == now.Sha && old.IsSymbolicLink == now.IsSymbolicLink) continue;
            var status = old.Sha == now.Sha ? "changed" : "modified";
            files.Add(File(repository, headSha, path, status, now, Count(now, old), Count(old, now), null));
        }

        foreach (var path in added)
        {
            var renamedFrom = removed.FirstOrDefault(r => before[r].Sha == after[path].Sha);
            if (renamedFrom is not null)
            {
                removed.Remove(renamedFrom);
                files.Add(File(repository, headSha, path, "renamed", after[path], 0, 0, renamedFrom));
            }
            else
            {
                files.Add(File(repository, headSha, path, "added", after[path], Count(after[path], null), 0, null));
            }
        }

        files.AddRange(removed.Select(path => File(repository, headSha, path, "removed", before[path], 0, Count(before[path], null), null)));
        return [.. files.OrderBy(f => f.Filename, StringComparer.Ordinal).Take(MaxFiles)];
    }

    private static PullRequestFilePayload File(
        FakeRepository repository, string headSha, string path, string status, FakeTreeEntry entry, int additions, int deletions, string? previous)
    {
        var state = repository.State;
        var escaped = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        return new(
            entry.Sha,
            path,
            status,
            additions,
            deletions,
            additions + deletions,
            $"{state.WebUrl}{repository.FullName}/blob/{headSha}/{escaped}",
            $"{state.WebUrl}{repository.FullName}/raw/{headSha}/{escaped}",
            $"{state.ApiRoot}/repos/{repository.FullName}/contents/{escaped}?ref={headSha}",
            previous);
    }

    /// <summary>Lines of <paramref name="entry"/> not matched by a line of <paramref name="other"/>.</summary>
    private static int Count(FakeTreeEntry entry, FakeTreeEntry? other)
    {
        if (IsBinary(entry) || (other is not null && IsBinary(other))) return 0;
        var remaining = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in Lines(other)) remaining[line] = remaining.GetValueOrDefault(line) + 1;
        var count = 0;
        foreach (var line in Lines(entry))
        {
            if (remaining.GetValueOrDefault(line) > 0) remaining[line]--;
            else count++;
        }

        return count;
    }

    private static bool IsBinary(FakeTreeEntry entry) => entry.Content.Span.Contains((byte)0);

    private static string[] Lines(FakeTreeEntry? entry)
    {
        if (entry is null || entry.Content.Length == 0) return [];
        var text = Encoding.UTF8.GetString(entry.Content.Span);
        return text.TrimEnd('\n').Split('\n');
    }
}
