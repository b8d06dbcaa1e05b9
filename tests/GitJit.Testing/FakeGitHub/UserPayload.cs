namespace GitJit.Testing.FakeGitHub;

/// <summary>A "simple user": login, id, type (User, Bot, Organization) and URLs.</summary>
internal sealed record UserPayload(string Login, long Id, string NodeId, string Type, bool SiteAdmin, string Url, string HtmlUrl, string AvatarUrl)
{
    public static UserPayload For(FakeGitHubState state, string login, string type = "User")
    {
        var id = state.UserId(login);
        var path = Uri.EscapeDataString(login);
        return new(login, id, $"U_fake{id}", type, false, $"{state.ApiRoot}/users/{path}", $"{state.WebUrl}{path}", $"{state.WebUrl}avatars/{path}");
    }

    public static UserPayload Bot(FakeGitHubState state, FakeApp app) => For(state, app.BotLogin, "Bot");
}
