namespace GitJit.Sandbox.GitHub;

/// <summary>An organisation team addressed by slug, with its members' logins in the order added.</summary>
public sealed class FakeTeam
{
    private readonly FakeGitHubState state;
    private readonly List<string> members = [];

    internal FakeTeam(FakeGitHubState state, string organization, string slug)
    {
        this.state = state;
        Organization = organization;
        Slug = slug;
        Id = state.NextId();
    }

    public string Organization { get; }

    public string Slug { get; }

    public long Id { get; }

    public FakeTeam Add(params string[] logins)
    {
        lock (state.Gate) members.AddRange(logins.Where(l => !members.Contains(l, StringComparer.OrdinalIgnoreCase)));
        return this;
    }

    public FakeTeam Remove(string login)
    {
        lock (state.Gate) members.RemoveAll(m => string.Equals(m, login, StringComparison.OrdinalIgnoreCase));
        return this;
    }

    internal IReadOnlyList<string> Members => members;
}
