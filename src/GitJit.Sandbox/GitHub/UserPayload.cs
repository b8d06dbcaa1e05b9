namespace GitJit.Sandbox.GitHub;

/// <summary>
/// A "simple user": login, id, type (User, Bot, Organization) and URLs. A login ending in <c>[bot]</c> is a GitHub App's
/// bot account, which GitHub always reports as type Bot (no person can register a login with brackets).
/// </summary>
internal sealed record UserPayload(string Login, long Id, string NodeId, string Type, bool SiteAdmin, string Url, string HtmlUrl, string AvatarUrl)
{
    public static UserPayload For(FakeGitHubState state, string login, string? type = null)
    {
        type ??= login.EndsWith("[bot]", StringComparison.Ordinal) ? "Bot" : "User";
        var id = state.UserId(login);
        var path = Uri.EscapeDataString(login);
        return new(login, id, $"U_fake{id}", type, false, $"{state.ApiRoot}/users/{path}", $"{state.WebUrl}{path}", $"{state.WebUrl}avatars/{path}");
    }

    public static UserPayload Bot(FakeGitHubState state, FakeApp app) => For(state, app.BotLogin, "Bot");
}
