namespace GitJit.Sandbox.GitHub;

/// <summary>
/// GET /user's body: the simple-user fields plus the profile (name, email and the rest, empty for a fake user) and counts.
/// </summary>
internal sealed record AuthenticatedUserPayload(
    string Login,
    long Id,
    string NodeId,
    string AvatarUrl,
    string GravatarId,
    string Url,
    string HtmlUrl,
    string Type,
    bool SiteAdmin,
    string? Name,
    string? Company,
    string Blog,
    string? Location,
    string? Email,
    bool? Hireable,
    string? Bio,
    string? TwitterUsername,
    int PublicRepos,
    int PublicGists,
    int Followers,
    int Following,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    private static readonly DateTimeOffset Joined = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static AuthenticatedUserPayload For(FakeGitHubState state, string login)
    {
        var user = UserPayload.For(state, login);
        var added = state.Users.GetValueOrDefault(login);
        return new(
            user.Login, user.Id, user.NodeId, user.AvatarUrl, "", user.Url, user.HtmlUrl, user.Type, user.SiteAdmin,
            added?.Name, null, "", null, added?.Email, null, null, null, 0, 0, 0, 0, Joined, Joined);
    }
}
