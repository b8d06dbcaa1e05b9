namespace GitJit.Sandbox.GitHub;

/// <summary>
/// An organisation and its members' logins. Members of its teams (<see cref="FakeGitHubServer.AddTeam"/>) are members too,
/// as on GitHub, where a team only holds members of its organisation.
/// </summary>
public sealed class FakeOrganization
{
    private readonly FakeGitHubState state;
    private readonly List<string> members = [];

    internal FakeOrganization(FakeGitHubState state, string login)
    {
        this.state = state;
        Login = login;
        Id = state.NextId();
    }

    public string Login { get; }

    public long Id { get; }

    public FakeOrganization Add(params string[] logins)
    {
        lock (state.Gate) members.AddRange(logins.Where(l => !members.Contains(l, StringComparer.OrdinalIgnoreCase)));
        return this;
    }

    /// <summary>Removes a direct member; a login that is also in one of the organisation's teams stays a member.</summary>
    public FakeOrganization Remove(string login)
    {
        lock (state.Gate) members.RemoveAll(m => string.Equals(m, login, StringComparison.OrdinalIgnoreCase));
        return this;
    }

    internal IReadOnlyList<string> Members => members;
}
