namespace GitJit.Core.Model;

/// <summary>Whether a login belongs to a team, as far as GitJit could learn.</summary>
public enum Membership
{
    NotMember,
    Member,
    Unknown,
}

/// <summary>
/// Team members known for a decision. The bot looks up every team a decision needs and passes a
/// <em>complete</em> directory, in which an unlisted team has no members. Offline (the CLI) the directory is
/// incomplete: teams not given are <see cref="Membership.Unknown"/>, and rules say so instead of guessing.
/// Logins and team names compare case-insensitively, as on GitHub.
/// </summary>
public sealed class TeamDirectory
{
    private readonly Dictionary<string, HashSet<string>> teams;

    private TeamDirectory(Dictionary<string, HashSet<string>> teams, bool isComplete)
    {
        this.teams = teams;
        IsComplete = isComplete;
    }

    /// <summary>Nothing is known about any team.</summary>
    public static TeamDirectory Unknown { get; } = new([], isComplete: false);

    public bool IsComplete { get; }

    /// <param name="members">Members by team, the team written <c>org/team</c> (a leading @ is ignored).</param>
    /// <param name="isComplete">True when every team the decision needs is listed.</param>
    public static TeamDirectory From(IEnumerable<KeyValuePair<string, IEnumerable<string>>> members, bool isComplete)
    {
        ArgumentNullException.ThrowIfNull(members);
        var teams = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (team, logins) in members)
        {
            teams[team.TrimStart('@')] = new HashSet<string>(logins, StringComparer.OrdinalIgnoreCase);
        }
        return new TeamDirectory(teams, isComplete);
    }

    public Membership IsMember(string login, string team)
    {
        if (teams.TryGetValue(team.TrimStart('@'), out var members))
        {
            return members.Contains(login) ? Membership.Member : Membership.NotMember;
        }
        return IsComplete ? Membership.NotMember : Membership.Unknown;
    }

    /// <summary>Whether <paramref name="login"/> is <paramref name="principal"/> or belongs to it.</summary>
    public Membership Includes(Principal principal, string login)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (!principal.IsTeam)
        {
            return string.Equals(principal.Name, login, StringComparison.OrdinalIgnoreCase) ? Membership.Member : Membership.NotMember;
        }
        return IsMember(login, principal.Name);
    }
}
