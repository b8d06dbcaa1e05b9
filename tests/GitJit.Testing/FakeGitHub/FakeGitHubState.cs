namespace GitJit.Testing.FakeGitHub;

/// <summary>Everything the fake knows. Every read and write of the model happens under <see cref="Gate"/>.</summary>
internal sealed class FakeGitHubState(TimeProvider time)
{
    private readonly Dictionary<string, long> userIds = new(StringComparer.OrdinalIgnoreCase);
    private long lastId = 1000;

    public Lock Gate { get; } = new();

    public TimeProvider Time { get; } = time;

    /// <summary>The loopback root, e.g. http://127.0.0.1:5123/; set once Kestrel is listening.</summary>
    public Uri WebUrl { get; set; } = new("http://127.0.0.1/");

    public string ApiRoot => WebUrl + "api/v3";

    public Dictionary<long, FakeApp> Apps { get; } = [];

    public Dictionary<long, FakeInstallation> Installations { get; } = [];

    public Dictionary<string, IssuedToken> Tokens { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FakeRepository> Repositories { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, FakeTeam> Teams { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<FakeCheckRun> CheckRuns { get; } = [];

    public int TokensIssued { get; set; }

    /// <summary>How many more installation requests get GitHub's primary rate-limit answer, and when that limit resets.</summary>
    public int RateLimitedRequests { get; set; }

    public DateTimeOffset RateLimitReset { get; set; }

    public long NextId() => ++lastId;

    public long UserId(string login)
    {
        if (!userIds.TryGetValue(login, out var id)) userIds[login] = id = NextId();
        return id;
    }

    public FakeRepository? FindRepository(string owner, string name) =>
        Repositories.GetValueOrDefault(owner + "/" + name);
}
