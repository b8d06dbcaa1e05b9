using System.Collections.Concurrent;
using GitJit.Core.Grants;

namespace GitJit.Testing;

/// <summary>A hand-written fake of <see cref="IInstalledRepositories"/>: the repositories the App is installed on, by <c>owner/name</c>.</summary>
public sealed class FakeInstalledRepositories : IInstalledRepositories
{
    public ConcurrentDictionary<string, InstalledRepository> Repositories { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Task<InstalledRepository> FindAsync(string owner, string repository, CancellationToken cancellationToken) =>
        Repositories.TryGetValue($"{owner}/{repository}", out var found)
            ? Task.FromResult(found)
            : throw new InvalidOperationException($"the App is not installed on {owner}/{repository}");
}
