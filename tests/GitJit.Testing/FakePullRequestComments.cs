using System.Collections.Concurrent;
using GitJit.Core.Grants;

namespace GitJit.Testing;

/// <summary>
/// A hand-written fake of <see cref="IPullRequestComments"/>: one comment per pull request and name, the first wins, as
/// the App's marker makes it on GitHub.
/// </summary>
public sealed class FakePullRequestComments : IPullRequestComments
{
    private readonly ConcurrentDictionary<(string Repository, int Number, string Name), string> posted = new();
    private int asked;

    /// <summary>Every comment posted, by repository (<c>owner/name</c>), pull request and name.</summary>
    public IReadOnlyDictionary<(string Repository, int Number, string Name), string> Posted => posted;

    /// <summary>How many times a comment was asked for, posted or not.</summary>
    public int Asked => asked;

    /// <summary>When set, every call throws what it returns, as when GitHub refuses or cannot be reached.</summary>
    public Func<Exception>? Failure { get; set; }

    public Task EnsureAsync(long installation, string owner, string repository, int number, string name, string body, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref asked);
        if (Failure is { } failure) throw failure();
        posted.TryAdd(($"{owner}/{repository}", number, name), body);
        return Task.CompletedTask;
    }

    /// <summary>The comment named <paramref name="name"/> on the pull request; null when none was posted.</summary>
    public string? Of(string repository, int number, string name) => posted.GetValueOrDefault((repository, number, name));
}
